"""The alerts tab: what each alert shows (age, Overdue in words), the status filter, the
allowed steps only, Open record (none for a volume alert), and keyboard-only use."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from contract.codes import AlertStatus
from desktop import Page
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.workspace import samples
from ui.workspace.alerts_tab import COLUMNS, AlertsTab
from ui.workspace.words import cp_id

DOWN, UP, TAB = Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Tab


@pytest.fixture
def tab(qtbot: QtBot) -> AlertsTab:
    made = AlertsTab()
    qtbot.addWidget(made)
    made.resize(1200, 600)
    made.show()
    made.show(samples.alerts())
    return made


def cell(tab: AlertsTab, row: int, column: str) -> str:
    model = tab.table.model()
    return str(model.data(model.index(row, COLUMNS.index(column))))


def test_each_alert_shows_its_age_and_overdue_in_words(tab: AlertsTab) -> None:
    assert cell(tab, 0, "Reference") == "OVR-ZZ0001"
    assert cell(tab, 0, "Kind") == "Override"
    assert cell(tab, 0, "ContactPoint ID") == cp_id(samples.CHILD_A)
    assert cell(tab, 0, "Age") == "5 h 12 min"
    assert cell(tab, 0, "Target") == "Overdue"  # text, not only a colour
    assert cell(tab, 1, "Kind") == "Unusual number of views"
    assert cell(tab, 1, "ContactPoint ID") == "None: names no child"
    assert cell(tab, 1, "Target") == "Within target"
    assert cell(tab, 2, "Status") == "Closed"
    assert cell(tab, 2, "Outcome") == "Justified"
    model = tab.table.model()
    spoken = model.data(model.index(0, COLUMNS.index("Target")), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Overdue: open 5 h 12 min"
    assert tab.summary.text() == "Showing 1–3 of 3 alerts"


def test_the_detail_pane_shows_the_current_alert(qtbot: QtBot, tab: AlertsTab) -> None:
    assert "OVERDUE" in tab.detail.text()
    qtbot.keyClick(tab.table, DOWN)
    qtbot.keyClick(tab.table, DOWN)
    assert "Zz checked with the social worker" in tab.detail.text()


def test_only_the_allowed_steps_are_offered(qtbot: QtBot, tab: AlertsTab) -> None:
    def offered() -> set[AlertStatus]:
        return {s for s, b in tab.step_buttons.items() if b.isVisible()}

    assert offered() == {AlertStatus.ACKNOWLEDGED, AlertStatus.CLOSED}  # open
    qtbot.keyClick(tab.table, DOWN)
    assert offered() == {AlertStatus.ESCALATED, AlertStatus.CLOSED}  # acknowledged
    qtbot.keyClick(tab.table, DOWN)
    assert offered() == set()  # closed


def test_a_step_asks_for_the_alert_and_its_next_status(qtbot: QtBot, tab: AlertsTab) -> None:
    with qtbot.waitSignal(tab.act, timeout=1000) as asked:
        tab.step_buttons[AlertStatus.CLOSED].click()
    assert asked.args == [samples.first_alert(), AlertStatus.CLOSED]


def test_enter_opens_the_record_and_a_volume_alert_has_none(qtbot: QtBot, tab: AlertsTab) -> None:
    with qtbot.waitSignal(tab.open_record, timeout=1000) as opened:
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened.args == [samples.CHILD_A]
    qtbot.keyClick(tab.table, DOWN)
    assert not tab.open_button.isEnabled()
    with qtbot.assertNotEmitted(tab.open_record):
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)


def test_the_filter_asks_for_another_list(qtbot: QtBot, tab: AlertsTab) -> None:
    tab.status_filter.setFocus()
    with qtbot.waitSignal(tab.filter_changed, timeout=1000) as chosen:
        qtbot.keyClick(tab.status_filter, DOWN)
    assert chosen.args == [AlertStatus.OPEN]
    with qtbot.waitSignal(tab.filter_changed, timeout=1000) as chosen:
        qtbot.keyClick(tab.status_filter, UP)
    assert chosen.args == [None]


def test_the_flow_can_set_the_filter_without_asking_again(qtbot: QtBot, tab: AlertsTab) -> None:
    with qtbot.assertNotEmitted(tab.filter_changed):
        tab.set_filter(AlertStatus.ESCALATED)
    assert tab.status() is AlertStatus.ESCALATED
    assert tab.status_filter.currentText() == "Escalated"


def test_a_new_page_keeps_the_current_alert(qtbot: QtBot, tab: AlertsTab) -> None:
    qtbot.keyClick(tab.table, DOWN)
    assert tab.current_item() is not None and tab.current_item().id == "al-2"  # type: ignore[union-attr]
    page = samples.alerts()
    newer = dataclasses.replace(page.items[0], id="al-9", reference="OVR-ZZ0009")
    tab.show(Page((newer, *page.items), 1, 50, 4))
    assert tab.current_item().id == "al-2"  # type: ignore[union-attr]
    assert cell(tab, 0, "Reference") == "OVR-ZZ0009"


def test_keyboard_only_filter_then_table_then_a_step(qtbot: QtBot, tab: AlertsTab) -> None:
    tab.status_filter.setFocus()
    qtbot.keyClick(tab.status_filter, TAB)
    assert QApplication.focusWidget() is tab.table
    qtbot.keyClick(tab.table, TAB)
    focused = QApplication.focusWidget()
    assert focused is tab.step_buttons[AlertStatus.ACKNOWLEDGED]
    with qtbot.waitSignal(tab.act, timeout=1000) as asked:
        qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert asked.args[1] is AlertStatus.ACKNOWLEDGED


def test_no_two_controls_share_a_mnemonic(qtbot: QtBot, tab: AlertsTab) -> None:
    for row in range(3):
        tab.table.setCurrentIndex(tab.table.model().index(row, 0))
        assert mnemonic_clashes(tab) == []


def test_an_empty_list_says_so(qtbot: QtBot, tab: AlertsTab) -> None:
    tab.show(Page((), 1, 50, 0))
    assert tab.summary.text() == "No alerts to show."
    assert not tab.table.isVisible()
    assert [b for b in tab.visible_buttons() if b is not tab.open_button] == []
