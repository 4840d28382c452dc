"""What the four worklist tabs have in common: a summary line, the table, a detail pane for
the current item, and a row of buttons for what may be done with it.

A tab shows plain values and sends signals; which steps an item allows is decided for it
(desktop's tables, or the shield machine the integrator hands the reviews tab), never here.
`clear()` leaves no word about any item anywhere in the tab: the table, the detail pane,
the summary and the buttons' accessible descriptions are all emptied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop import Page
from ui.action_dialog import chain_tab_order
from ui.readonly import lock_down
from ui.static_label import StaticLabel
from ui.workspace.item_table import ItemTable
from ui.workspace.words import plain_label

_T = TypeVar("_T")
_DETAIL_STYLE = "QFrame#detail { border: 1px solid #b0b0b0; border-radius: 3px; }"


def page_summary(page: Page[Any], noun: str, empty: str) -> str:
    """ "Showing 1-3 of 3 alerts", or `empty` when the list has nothing."""
    if page.total == 0 or not page.items:
        return empty
    first = (page.page - 1) * page.page_size + 1
    last = first + len(page.items) - 1
    return f"Showing {first}–{last} of {page.total} {noun}"


def button(text: str, name: str, parent: QWidget, description: str) -> QPushButton:
    """A push button with its Alt letter, and a name and description a screen reader reads."""
    made = QPushButton(text, parent)
    made.setObjectName(name)
    made.setAccessibleName(plain_label(text))
    made.setAccessibleDescription(description)
    return made


class WorklistTab(QWidget, Generic[_T]):
    """Subclasses fill `self.bar`, implement `_key`, `_cells`, `_detail` and `_refresh_actions`,
    and end their __init__ with `self.finish(first_fields)`."""

    open_record = Signal(str)  # cp_id

    def __init__(
        self,
        columns: Sequence[str],
        name: str,
        accessible: str,
        parent: QWidget | None,
        *,
        stretch: int = -1,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self._items: dict[str, _T] = {}
        self._empty = ""
        self.summary = StaticLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setAccessibleName("List status")
        self.table = ItemTable(columns, f"{name}_table", self, stretch=stretch)
        self.table.setAccessibleName(accessible)
        self.table.setAccessibleDescription(
            "Up and down arrows choose an item; Enter opens the child's record"
        )
        self.table.current_changed.connect(self._current_changed)
        self.table.open_current.connect(self._open_current)
        self._detail_frame = QFrame(self)
        self._detail_frame.setObjectName("detail")
        self._detail_frame.setStyleSheet(_DETAIL_STYLE)
        self._detail_frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.detail = StaticLabel("", self._detail_frame)
        self.detail.setObjectName("detail_text")
        self.detail.setAccessibleName("The chosen item in full")
        QVBoxLayout(self._detail_frame).addWidget(self.detail)
        self.open_button = button(
            "&Open record",
            "open_record",
            self,
            "Opens the record of the child the chosen item is about (the view is audited).",
        )
        self.open_button.clicked.connect(self._open_current)
        self.bar = QHBoxLayout()
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.summary)
        self._layout.addWidget(self.table, 1)
        self._layout.addWidget(self._detail_frame)
        self._layout.addLayout(self.bar)

    # -- for subclasses -------------------------------------------------------------------

    def _key(self, item: _T) -> str:
        raise NotImplementedError

    def _cells(self, item: _T) -> list[str]:
        raise NotImplementedError

    def _spoken(self, item: _T) -> dict[int, str]:
        """Columns whose cell a screen reader should read in other words."""
        return {}

    def _marked(self, item: _T) -> set[int]:
        """Columns drawn dark red (an OVERDUE mark, always in words as well)."""
        return set()

    def _detail(self, item: _T) -> str:
        raise NotImplementedError

    def _cp_id(self, item: _T) -> str | None:
        raise NotImplementedError

    def _refresh_actions(self, item: _T | None) -> None:
        """Show the buttons `item` allows (None: no item, no buttons)."""
        raise NotImplementedError

    def finish(self, before: Sequence[QWidget], after: Sequence[QWidget], empty: str) -> None:
        self.bar.addStretch(1)
        self.bar.addWidget(self.open_button)
        self._empty = empty
        self.tab_stops: list[QWidget] = [*before, self.table, *after, self.open_button]
        chain_tab_order(self.tab_stops)
        self.setFocusProxy(self.table)
        lock_down(self)
        self.clear()

    def show_items(self, page: Page[_T], noun: str) -> None:
        self._items = {self._key(item): item for item in page.items}
        rows = [self._cells(item) for item in page.items]
        spoken: dict[tuple[int, int], str] = {}
        marked: set[tuple[int, int]] = set()
        for r, item in enumerate(page.items):
            spoken.update({(r, c): said for c, said in self._spoken(item).items()})
            marked.update((r, c) for c in self._marked(item))
        self.summary.setText(page_summary(page, noun, self._empty))
        self.table.setVisible(bool(page.items))
        self.table.set_rows(list(self._items), rows, spoken, marked)

    # -- for callers and tests --------------------------------------------------------------

    def items(self) -> tuple[_T, ...]:
        """The items on show, in their order."""
        return tuple(self._items.values())

    def current_item(self) -> _T | None:
        key = self.table.current_id()
        return None if key is None else self._items.get(key)

    def visible_buttons(self) -> list[QPushButton]:
        return [b for b in self.findChildren(QPushButton) if b.isVisibleTo(self)]

    def clear(self) -> None:
        self._items = {}
        self.table.set_rows([], [])
        self.table.hide()
        self.summary.setText(self._empty)
        self.detail.setText("")
        self._detail_frame.hide()
        self._refresh_actions(None)
        self.open_button.setEnabled(False)

    # -- internals ------------------------------------------------------------------------

    def _current_changed(self, key: object) -> None:
        item = self._items.get(key) if isinstance(key, str) else None
        text = "" if item is None else self._detail(item)
        self.detail.setText(text)
        self._detail_frame.setVisible(bool(text))
        self.open_button.setEnabled(item is not None and self._cp_id(item) is not None)
        self._refresh_actions(item)

    def _open_current(self) -> None:
        item = self.current_item()
        cp_id = None if item is None else self._cp_id(item)
        if cp_id is not None:
            self.open_record.emit(cp_id)
