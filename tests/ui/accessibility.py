"""What a screen reader finds in a window, through Qt's accessibility interface.

    problems(window) == []         # every visible control named and described

A screen reader walks QAccessible.queryAccessibleInterface(window) and its child(i) in
order and reads each one's name, description and role. Controls (the roles a person acts
on) must have both a name and a description; everything else needs a name if it shows
text. Hidden parts (another tab, a step not offered) are skipped, as screen readers skip them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

Role = QAccessible.Role
CONTROLS: Final = frozenset(
    {
        Role.PushButton,
        Role.CheckBox,
        Role.RadioButton,
        Role.ComboBox,
        Role.EditableText,
        Role.SpinBox,
        Role.PageTab,
        Role.Table,
        Role.List,
        Role.Tree,
        Role.Link,
        Role.ButtonMenu,
        Role.ToolBar,
    }
)


def interfaces(root: QWidget) -> Iterator[QAccessibleInterface]:
    """Every visible accessible under `root`, in the order a screen reader reads them."""
    start = QAccessible.queryAccessibleInterface(root)
    assert start is not None and start.isValid()
    stack = [start]
    while stack:
        item = stack.pop()
        if not item.isValid() or item.state().invisible:
            continue
        yield item
        stack.extend(reversed([item.child(i) for i in range(item.childCount()) if item.child(i)]))


def describe(item: QAccessibleInterface) -> str:
    obj = item.object()
    where = f"{type(obj).__name__} {obj.objectName()!r}" if obj is not None else "item"
    return f"{item.role().name} {where} {item.text(QAccessible.Text.Name)!r}"


def within(parts: Iterable[QWidget]) -> set[int]:
    """The ids of `parts` and every widget inside them, to leave out of a walk."""
    return {id(widget) for part in parts for widget in [part, *part.findChildren(QWidget)]}


def problems(root: QWidget, skip: Iterable[QWidget] = ()) -> list[str]:
    """One line per visible control without a name or a description, outside `skip`."""
    skipped = within(skip)
    found: list[str] = []
    for item in interfaces(root):
        if item.role() not in CONTROLS or id(item.object()) in skipped:
            continue
        name = item.text(QAccessible.Text.Name).strip()
        description = item.text(QAccessible.Text.Description).strip()
        if not name:
            found.append(f"no name: {describe(item)}")
        elif not description:
            found.append(f"no description: {describe(item)}")
    return found
