"""The access history: who looked, when and how, a page at a time, by keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.keyboard import tab_stops
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.render import render
from tests.ui.workspace import samples
from ui.workspace.access_history import COLUMNS, TITLE, AccessHistoryDialog


@pytest.fixture
def dialog(qtbot: QtBot) -> AccessHistoryDialog:
    made = AccessHistoryDialog(samples.CHILD_A, training=True)
    qtbot.addWidget(made)
    with qtbot.waitActive(made):
        made.show()
        made.activateWindow()
    made.show(samples.access())
    return made


def cell(dialog: AccessHistoryDialog, row: int, column: str) -> str:
    model = dialog.table.model()
    return str(model.data(model.index(row, COLUMNS.index(column))))


def test_each_access_in_words(dialog: AccessHistoryDialog) -> None:
    assert cell(dialog, 0, "User") == "zz-social-worker"
    assert cell(dialog, 0, "Organisation") == "Zz Children's Social Care"
    assert cell(dialog, 0, "What") == "Overrode the shield"
    assert cell(dialog, 0, "Level") == "Override (full record)"
    assert cell(dialog, 0, "Override reason") == "Immediate risk of harm"
    assert cell(dialog, 1, "What") == "Viewed"
    assert cell(dialog, 1, "Level") == "Shielded (four fields)"
    assert cell(dialog, 2, "What") == "Found in a search"
    assert cell(dialog, 2, "Level") == "—"
    assert dialog.summary.text() == "Showing 1–3 of 60 accesses"


def test_the_title_names_no_child(dialog: AccessHistoryDialog) -> None:
    assert dialog.windowTitle() == f"{TITLE} — TRAINING"
    assert "9000" not in dialog.windowTitle()


def test_previous_and_next_ask_for_pages(qtbot: QtBot, dialog: AccessHistoryDialog) -> None:
    assert not dialog.previous_button.isEnabled()
    assert dialog.next_button.isEnabled()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.next_button  # Previous is disabled
    with qtbot.waitSignal(dialog.page_wanted, timeout=1000) as wanted:
        qtbot.keyClick(dialog.next_button, Qt.Key.Key_Space)
    assert wanted.args == [2]
    dialog.show(samples.access(page=2, total=53))
    assert dialog.previous_button.isEnabled() and not dialog.next_button.isEnabled()
    with qtbot.waitSignal(dialog.page_wanted, timeout=1000) as wanted:
        dialog.previous_button.click()
    assert wanted.args == [1]


def test_tab_reaches_every_control_and_close_closes(
    qtbot: QtBot, dialog: AccessHistoryDialog
) -> None:
    dialog.show(samples.access(page=2, total=153))
    stops = tab_stops(dialog.table, 4)
    for control in (dialog.previous_button, dialog.next_button, dialog.close_button):
        assert control in stops
    assert mnemonic_clashes(dialog) == []
    dialog.close_button.setFocus()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Space)
    assert not dialog.isVisible()


def test_screenshot(qtbot: QtBot, dialog: AccessHistoryDialog) -> None:
    assert render(dialog, "access_history").stat().st_size > 0
