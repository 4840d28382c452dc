"""Driving a workspace dialog by keyboard: show it active, then press and type into
whatever has the focus (as a person would, never setFocus)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.workspace.step_dialog import StepDialog

TAB, SPACE, DOWN = Qt.Key.Key_Tab, Qt.Key.Key_Space, Qt.Key.Key_Down


def shown(qtbot: QtBot, dialog: StepDialog) -> StepDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # keys go to the focus widget of the active window
        dialog.show()
        dialog.activateWindow()
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)
