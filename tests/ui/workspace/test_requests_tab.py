"""The contact and shield request tabs: the message elided in the table and whole below,
decisions only for open requests, Open record, and keyboard-only use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from contract.codes import ContactRequestStatus, ShieldRequestStatus
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.workspace import samples
from ui.workspace.requests_tab import COLUMNS, RequestsTab
from ui.workspace.words import cp_id


@pytest.fixture(params=["contact", "shield"])
def tab(request: pytest.FixtureRequest, qtbot: QtBot) -> RequestsTab:
    made = RequestsTab(request.param)
    qtbot.addWidget(made)
    made.resize(1200, 600)
    made.show()
    made.show(samples.requests(request.param))
    return made


def cell(tab: RequestsTab, row: int, column: int) -> str:
    model = tab.table.model()
    return str(model.data(model.index(row, column)))


def test_each_request_shows_its_facts(tab: RequestsTab) -> None:
    assert cell(tab, 0, 0) in ("CR-ZZ0001", "SR-ZZ0001")
    assert cell(tab, 0, 1) == cp_id(samples.CHILD_A)
    assert cell(tab, 0, 3) == "Open: waiting for the team"
    assert cell(tab, 0, 5) == "zz-nurse"
    assert cell(tab, 1, 3) in ("Brokered", "Granted: the record is shielded")
    assert tab.table.model().columnCount() == len(COLUMNS[tab.kind])


def test_the_message_is_one_line_in_the_table_and_whole_below(tab: RequestsTab) -> None:
    text = cell(tab, 0, 6)
    assert "\n" not in text
    if tab.kind == "contact":
        assert text == " ".join(samples.MESSAGE.split())
        assert samples.MESSAGE in tab.detail.text()
    else:
        assert text == "Domestic violence: Zz mother fled to a refuge with the child."
        assert "refuge" in tab.detail.text()
    assert tab.table.textElideMode() == Qt.TextElideMode.ElideRight


def test_only_an_open_request_can_be_decided(qtbot: QtBot, tab: RequestsTab) -> None:
    assert all(b.isVisible() for b in tab.decision_buttons.values())
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert not any(b.isVisible() for b in tab.decision_buttons.values())
    assert "Team's note: Zz passed on" in tab.detail.text()


def test_a_decision_asks_for_the_request_and_the_status(qtbot: QtBot, tab: RequestsTab) -> None:
    wanted = ContactRequestStatus.BROKERED if tab.kind == "contact" else ShieldRequestStatus.GRANTED
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is tab.decision_buttons[wanted]
    with qtbot.waitSignal(tab.act, timeout=1000) as asked:
        qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert asked.args == [samples.first_request(tab.kind), wanted]


def test_enter_opens_the_record(qtbot: QtBot, tab: RequestsTab) -> None:
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(tab.open_record, timeout=1000) as opened:
        qtbot.keyClick(tab.table, Qt.Key.Key_Enter)
    assert opened.args == [samples.CHILD_B]


def test_no_two_controls_share_a_mnemonic(tab: RequestsTab) -> None:
    assert mnemonic_clashes(tab) == []
