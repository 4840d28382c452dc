"""My requests: a practitioner's own contact and shield requests, status in words, and no
decider or note (the directory never sends them to the requester)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.keyboard import tab_stops
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.render import render
from tests.ui.texts import joined
from tests.ui.workspace import samples
from ui.workspace.my_requests import COLUMNS, TITLE, MyRequestsDialog
from ui.workspace.words import cp_id


@pytest.fixture
def dialog(qtbot: QtBot) -> MyRequestsDialog:
    made = MyRequestsDialog()
    qtbot.addWidget(made)
    with qtbot.waitActive(made):
        made.show()
        made.activateWindow()
    made.show(samples.own_requests("contact"), samples.own_requests("shield"))
    return made


def cell(dialog: MyRequestsDialog, kind: str, row: int, column: str) -> str:
    model = dialog.tables[kind].model()
    return str(model.data(model.index(row, COLUMNS.index(column))))


def test_both_lists_with_status_in_words(dialog: MyRequestsDialog) -> None:
    assert dialog.windowTitle() == TITLE
    assert cell(dialog, "contact", 0, "Reference") == "CR-ZZ0001"
    assert cell(dialog, "contact", 0, "ContactPoint ID") == cp_id(samples.CHILD_A)
    assert cell(dialog, "contact", 0, "Status") == "Open: waiting for the management team"
    assert cell(dialog, "contact", 1, "Status") == "Brokered"
    assert cell(dialog, "shield", 1, "Status") == "Granted: the record is shielded"
    assert cell(dialog, "shield", 0, "Decided") == "—"
    assert "zz-manager" not in joined(dialog)


def test_empty_lists_say_so(dialog: MyRequestsDialog) -> None:
    empty = samples.Page((), 1, 50, 0)
    dialog.show(empty, empty)
    assert dialog.summaries["contact"].text() == "You have sent no contact requests."
    assert dialog.summaries["shield"].text() == "You have sent no shield requests."


def test_keyboard_refresh_and_close(qtbot: QtBot, dialog: MyRequestsDialog) -> None:
    stops = tab_stops(dialog.tables["contact"], 4)
    assert stops[:3] == [dialog.tables["shield"], dialog.refresh_button, dialog.close_button]
    assert mnemonic_clashes(dialog) == []
    dialog.refresh_button.setFocus()
    with qtbot.waitSignal(dialog.refresh_wanted, timeout=1000):
        qtbot.keyClick(dialog.refresh_button, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.refresh_button, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_screenshot(qtbot: QtBot, dialog: MyRequestsDialog) -> None:
    assert render(dialog, "my_requests").stat().st_size > 0
