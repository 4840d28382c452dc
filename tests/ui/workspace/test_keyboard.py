"""Keyboard only, from the window's first focus: every tab is reached, every item chosen and
every action and Open record asked for with Ctrl+number, Tab, arrows, Space, Enter and
Alt+letter, and a dialog is filled in and sent the same way. No mouse, no setFocus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from contract.codes import AlertOutcome, AlertStatus, ContactRequestStatus, ShieldEvent
from tests.ui.workspace import samples
from tests.ui.workspace.dialog_keys import focused
from tests.ui.workspace.test_window import filled
from ui.workspace.alert_step_dialog import AlertStepDialog
from ui.workspace.window import WorkspaceWindow

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
K = Qt.Key


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[WorkspaceWindow]:
    made = WorkspaceWindow(samples.MANAGER, training=False)
    qtbot.addWidget(made)
    filled(made)
    with qtbot.waitActive(made):
        made.show()
        made.activateWindow()
    yield made
    made.dispose()


def key(
    qtbot: QtBot, k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), k, modifiers)


def test_alerts_by_keyboard(qtbot: QtBot, window: WorkspaceWindow) -> None:
    qtbot.keyClick(window, K.Key_1, CTRL)
    assert focused() is window.alerts.table  # Ctrl+1 lands on the list itself
    with qtbot.waitSignal(window.alerts.open_record, timeout=1000) as opened:
        key(qtbot, K.Key_Return)
    assert opened.args == [samples.CHILD_A]
    key(qtbot, K.Key_Down)  # the acknowledged volume alert
    key(qtbot, K.Key_Tab)
    assert focused() is window.alerts.step_buttons[AlertStatus.ESCALATED]
    with qtbot.waitSignal(window.alerts.act, timeout=1000) as asked:
        key(qtbot, K.Key_Space)
    assert asked.args[1] is AlertStatus.ESCALATED
    with qtbot.waitSignal(window.alerts.act, timeout=1000) as asked:
        key(qtbot, K.Key_C, ALT)  # "&Close…"
    assert asked.args[1] is AlertStatus.CLOSED
    with qtbot.waitSignal(window.alerts.filter_changed, timeout=1000) as chosen:
        key(qtbot, K.Key_T, ALT)  # "S&tatus:" to the filter
        assert focused() is window.alerts.status_filter
        key(qtbot, K.Key_Down)
    assert chosen.args == [AlertStatus.OPEN]


def test_contact_requests_by_keyboard(qtbot: QtBot, window: WorkspaceWindow) -> None:
    qtbot.keyClick(window, K.Key_2, CTRL)
    assert focused() is window.contact.table
    with qtbot.waitSignal(window.contact.act, timeout=1000) as asked:
        key(qtbot, K.Key_B, ALT)  # "&Broker contact…"
    assert asked.args == [samples.first_request("contact"), ContactRequestStatus.BROKERED]
    key(qtbot, K.Key_Down)
    with qtbot.waitSignal(window.contact.open_record, timeout=1000) as opened:
        key(qtbot, K.Key_O, ALT)  # "&Open record"
    assert opened.args == [samples.CHILD_B]


def test_shield_requests_by_keyboard(qtbot: QtBot, window: WorkspaceWindow) -> None:
    qtbot.keyClick(window, K.Key_3, CTRL)
    assert focused() is window.shield.table
    key(qtbot, K.Key_Tab)
    key(qtbot, K.Key_Tab)
    assert focused() is window.shield.decision_buttons["declined"]
    with qtbot.waitSignal(window.shield.act, timeout=1000) as asked:
        key(qtbot, K.Key_Space)
    assert asked.args[1] == "declined"


def test_reviews_by_keyboard(qtbot: QtBot, window: WorkspaceWindow) -> None:
    qtbot.keyClick(window, K.Key_4, CTRL)
    assert focused() is window.reviews.table
    key(qtbot, K.Key_Down)  # the lift pending, overdue shield
    with qtbot.waitSignal(window.reviews.act, timeout=1000) as asked:
        key(qtbot, K.Key_L, ALT)  # "Confirm &lift…"
    assert asked.args[1] == (ShieldEvent.CONFIRM_LIFT, False)
    key(qtbot, K.Key_Down)
    with qtbot.waitSignal(window.reviews.act, timeout=1000) as asked:
        key(qtbot, K.Key_N, ALT)  # "Re&new for six months (review)…"
    assert asked.args[1] == (ShieldEvent.RENEW, True)
    with qtbot.waitSignal(window.refresh_wanted, timeout=1000):
        key(qtbot, K.Key_F, ALT)  # "Re&fresh"


def test_closing_an_alert_by_keyboard(qtbot: QtBot) -> None:
    # On its own: the offscreen platform does not hand activation from a window to its
    # window-modal dialog, and keys go to the active window.
    dialog = AlertStepDialog(samples.action("alert", AlertStatus.CLOSED, samples.first_alert()))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    key(qtbot, K.Key_R, ALT)  # "&Referred": Qt animates the click, so wait for it
    qtbot.waitUntil(lambda: dialog.outcome() is AlertOutcome.REFERRED, timeout=2000)
    key(qtbot, K.Key_N, ALT)  # "&Note:" to the note
    assert focused() is dialog.note
    qtbot.keyClicks(focused(), "Zz referred to the designated officer.")
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        key(qtbot, K.Key_L, ALT)  # "C&lose alert"
    assert sent.args[1].outcome is AlertOutcome.REFERRED
