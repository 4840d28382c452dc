"""Where Tab goes: the widgets a keyboard user reaches, in order, as Qt's focus chain has them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_stops(start: QWidget, count: int) -> list[QWidget]:
    """The `count` widgets after `start` that Tab stops on (focusable, visible, enabled)."""
    stops: list[QWidget] = []
    widget = start.nextInFocusChain()
    while len(stops) < count and widget is not start:
        policy = widget.focusPolicy()
        if (
            policy.value & Qt.FocusPolicy.TabFocus.value
            and widget.isVisible()
            and widget.isEnabled()
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops
