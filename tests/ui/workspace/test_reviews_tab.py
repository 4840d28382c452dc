"""The reviews tab: phase and why listed in words (OVERDUE as text), the buttons the shield
machine allows for the current shield, and keyboard-only use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from contract.codes import ShieldEvent
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.workspace import samples
from ui.workspace.reviews_tab import COLUMNS, ReviewsTab

DOWN = Qt.Key.Key_Down


@pytest.fixture
def tab(qtbot: QtBot) -> ReviewsTab:
    made = ReviewsTab()
    qtbot.addWidget(made)
    made.resize(1200, 600)
    made.show()
    made.show(samples.reviews(), samples.actions_for)
    return made


def cell(tab: ReviewsTab, row: int, column: str) -> str:
    model = tab.table.model()
    return str(model.data(model.index(row, COLUMNS.index(column))))


def offered(tab: ReviewsTab) -> set[tuple[ShieldEvent, bool]]:
    return {key for key, made in tab.step_buttons.items() if made.isVisible()}


def test_phase_and_why_listed_are_words(tab: ReviewsTab) -> None:
    assert cell(tab, 0, "Phase") == "Placed, awaiting a second officer"
    assert cell(tab, 0, "Why listed") == "Unconfirmed"
    assert cell(tab, 1, "Phase") == "Lift proposed, awaiting the team"
    assert cell(tab, 1, "Why listed") == "Lift pending, Review OVERDUE"
    assert cell(tab, 2, "Why listed") == "Review due"
    assert cell(tab, 1, "Next review") == "1 Nov 2026"
    assert cell(tab, 1, "Confirmed by") == "zz-shield-officer-2"
    assert cell(tab, 1, "Lift proposed by") == "zz-shield-officer"
    assert cell(tab, 0, "Confirmed by") == "—"


def test_the_buttons_are_what_the_machine_allows(qtbot: QtBot, tab: ReviewsTab) -> None:
    assert offered(tab) == {(ShieldEvent.CONFIRM, False), (ShieldEvent.PROPOSE_LIFT, False)}
    qtbot.keyClick(tab.table, DOWN)
    assert offered(tab) == {(ShieldEvent.CONFIRM_LIFT, False)}
    assert "the shield holds until the team confirms it" in tab.detail.text()
    qtbot.keyClick(tab.table, DOWN)
    assert offered(tab) == {(ShieldEvent.RENEW, True), (ShieldEvent.PROPOSE_LIFT, True)}


def test_without_actions_for_no_step_is_offered(qtbot: QtBot) -> None:
    made = ReviewsTab()
    qtbot.addWidget(made)
    made.show()
    made.show(samples.reviews())
    assert offered(made) == set()


def test_a_review_step_asks_with_its_event_and_review_flag(qtbot: QtBot, tab: ReviewsTab) -> None:
    qtbot.keyClick(tab.table, DOWN)
    qtbot.keyClick(tab.table, DOWN)
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # past Renew
    focused = QApplication.focusWidget()
    assert focused is tab.step_buttons[(ShieldEvent.PROPOSE_LIFT, True)]
    with qtbot.waitSignal(tab.act, timeout=1000) as asked:
        qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert asked.args == [samples.reviews().items[2], (ShieldEvent.PROPOSE_LIFT, True)]


def test_enter_opens_the_record(qtbot: QtBot, tab: ReviewsTab) -> None:
    with qtbot.waitSignal(tab.open_record, timeout=1000) as opened:
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened.args == [samples.CHILD_A]


def test_no_two_controls_share_a_mnemonic(tab: ReviewsTab) -> None:
    for row in range(3):
        tab.table.setCurrentIndex(tab.table.model().index(row, 0))
        assert mnemonic_clashes(tab) == []
