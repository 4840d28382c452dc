"""The lock screen is painted before the client loads the rest (ui.first_paint): the wait
ends at the first paint, and does not hold the start up for a window never painted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.first_paint import show_and_wait_for_paint
from ui.lock_screen import LockScreen


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_it_returns_once_the_window_has_been_painted(qtbot: QtBot) -> None:
    screen = LockScreen(training=True)
    qtbot.addWidget(screen)
    paints = _Paints()
    screen.installEventFilter(paints)
    assert show_and_wait_for_paint(screen)
    assert screen.isVisible() and paints.count >= 1


def test_a_window_that_is_never_painted_does_not_hold_up_the_start(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setUpdatesEnabled(False)  # Qt sends it no paint events
    assert not show_and_wait_for_paint(window, limit_ms=50)
    assert window.isVisible()
