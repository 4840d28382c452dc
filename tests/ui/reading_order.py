"""Whether Tab follows reading order: top to bottom, left to right in each window.

    out_of_order(window) == []

The stops are the window's Tab stops (tests/ui/keyboard.py) from the first one, each placed
by its rectangle in the window. The next stop is in reading order when it is further down
(not above the previous one's top), on the same line further right, or in a column to the
right of the previous one (a pane beside it, read after it).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from tests.ui.keyboard import focus_proxy, tab_stops

_SLACK = 4  # pixels: controls on one line are not all aligned to the pixel


def stops(window: QWidget) -> list[QWidget]:
    """Every Tab stop of `window` once, from the first in reading order (top left) round
    the focus chain, as Tab takes a person from there."""
    every: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and len(every) < 1000:
        if _is_stop(widget) and widget.window() is window:
            every.append(widget)
        widget = widget.nextInFocusChain()
    if not every:
        return []
    first = min(every, key=lambda w: (place(w, window).top(), place(w, window).left()))
    return [first, *(w for w in tab_stops(first, len(every)) if w is not first)]


def _is_stop(widget: QWidget) -> bool:
    return bool(
        focus_proxy(widget) is None
        and widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
        and widget.isVisible()
        and widget.isEnabled()
    )


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def out_of_order(window: QWidget, skip: Iterable[QWidget] = ()) -> list[str]:
    """One line per step of Tab against reading order; steps from or to a stop inside
    `skip` are not counted."""
    skipped = {id(widget) for part in skip for widget in [part, *part.findChildren(QWidget)]}
    found: list[str] = []
    ordered = stops(window)
    for before, after in pairwise(ordered):
        if id(before) in skipped or id(after) in skipped:
            continue
        a, b = place(before, window), place(after, window)
        further_down = b.top() >= a.top() - _SLACK and (
            b.top() > a.bottom() - _SLACK or b.left() >= a.left() - _SLACK
        )
        next_column = b.left() >= a.right() - _SLACK
        if not (further_down or next_column):
            found.append(f"{_name(before)} {a.getRect()} -> {_name(after)} {b.getRect()}")
    return found


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()!r})"
