"""The shield override through the application's widgets, driven by the real controller:
fake cards, the directory in-process (tests/desktop/rig.py). The record view's button opens
the justification dialog; a wrong PIN brings it back filled in; a pulled card or Escape
closes it; a full view held on the wire past a lock is never shown; a failure is a notice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.override import State
from tests.desktop.rig import FAMILY, JUSTIFICATION, PIN, WAIT_MS, Rig, RigFactory
from tests.ui.render import render
from ui.app import ClientApp
from ui.justification_dialog import JustificationDialog
from ui.main_window import MainWindow

POSTCODE = "LS6 2AB"  # what only the full view shows of the shielded child


def shown(root: QWidget) -> str:
    return "\n".join(label.text() for label in root.findChildren(QLabel) if label.isVisibleTo(root))


@dataclass
class Session:
    rig: Rig
    client: ClientApp
    window: MainWindow
    cp_id: str

    def overrides_sent(self) -> int:
        return self.rig.network.count("POST", f"/v1/children/{self.cp_id}/overrides")

    def full_view_shown(self) -> bool:
        return POSTCODE in shown(self.window.record)


@pytest.fixture
def session(make_rig: RigFactory, qtbot: QtBot) -> Iterator[Session]:
    """Signed in with the override right, the shielded child's record open."""
    rig = make_rig("zz-override")
    cp_id = rig.world.add_child(family_name=FAMILY, shielded=True, postcode=POSTCODE)
    client = ClientApp(rig.controller)
    client.start()
    with qtbot.waitSignal(rig.controller.signed_in, timeout=WAIT_MS):
        type_pin(qtbot, client)
    window = client.window
    assert window is not None
    client.open_record(cp_id)
    qtbot.waitUntil(lambda: window.open_cp_id == cp_id, timeout=WAIT_MS)
    opened = Session(rig, client, window, cp_id)
    assert not opened.full_view_shown()
    yield opened
    client.stop()


def open_dialog(qtbot: QtBot, client: ClientApp) -> JustificationDialog:
    assert client.window is not None
    button = next(b for b in client.window.record.buttons() if "verride" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return wait_for_dialog(qtbot, client)


def wait_for_dialog(qtbot: QtBot, client: ClientApp) -> JustificationDialog:
    qtbot.waitUntil(
        lambda: client.justification is not None and client.justification.isVisible(),
        timeout=WAIT_MS,
    )
    dialog = client.justification
    assert dialog is not None
    return dialog


def fill_and_submit(qtbot: QtBot, dialog: JustificationDialog, pin: str = PIN) -> None:
    if dialog.reason.currentIndex() < 0:
        dialog.reason.setCurrentIndex(dialog.reason.findData("missing_child"))
    if not dialog.justification.toPlainText():
        qtbot.keyClicks(dialog.justification, JUSTIFICATION)
    field = dialog.pin_entry.pin_field
    assert field is not None
    qtbot.keyClicks(field, pin)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)


def flow_state(client: ClientApp) -> State:
    return client.overrides.flow.state


def type_pin(qtbot: QtBot, client: ClientApp) -> None:
    """Into the PIN dialog the lock screen shows, to sign in or to unlock."""
    qtbot.waitUntil(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
    dialog = client.pin_dialog
    assert dialog is not None and dialog.pin_field is not None
    qtbot.keyClicks(dialog.pin_field, PIN)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)


def test_the_button_the_dialog_and_the_full_view(session: Session, qtbot: QtBot) -> None:
    client = session.client
    dialog = open_dialog(qtbot, client)
    assert dialog.parent() is session.window
    fill_and_submit(qtbot, dialog)
    qtbot.waitUntil(session.full_view_shown, timeout=WAIT_MS)
    assert "Shield overridden" in shown(session.window.record)
    assert client.justification is None and flow_state(client) is State.IDLE
    assert session.overrides_sent() == 1


def test_a_wrong_pin_brings_the_dialog_back_with_the_text_kept(
    session: Session, qtbot: QtBot
) -> None:
    client = session.client
    first = open_dialog(qtbot, client)
    fill_and_submit(qtbot, first, pin="000000")
    qtbot.waitUntil(lambda: client.justification not in (None, first), timeout=WAIT_MS)
    again = wait_for_dialog(qtbot, client)
    failure = again.pin_entry.failure_text
    assert failure is not None and failure.startswith("The PIN was not correct.")
    assert again.reason.currentData() == "missing_child"
    assert again.justification.toPlainText() == JUSTIFICATION
    field = again.pin_entry.pin_field
    assert field is not None and field.text() == "" and again.focusWidget() is field
    render(again, "justification_dialog_after_wrong_pin")
    assert not session.full_view_shown()
    fill_and_submit(qtbot, again)
    qtbot.waitUntil(session.full_view_shown, timeout=WAIT_MS)


def test_pulling_the_card_closes_the_dialog(session: Session, qtbot: QtBot) -> None:
    client = session.client
    dialog = open_dialog(qtbot, client)
    field = dialog.pin_entry.pin_field
    assert field is not None
    qtbot.keyClicks(field, PIN)
    # What the field holds as the dialog goes (it is deleted afterwards).
    left: list[str] = []
    client.overrides.flow.dialog_closed.connect(lambda: left.append(field.text()))
    with qtbot.waitSignal(client.overrides.flow.dialog_closed, timeout=WAIT_MS):
        session.rig.cards["zz-override"].remove()
    assert left == [""]  # the typed PIN does not stay in the widget
    assert client.justification is None
    assert client.lock_screen.isVisible() and flow_state(client) is State.IDLE
    assert session.overrides_sent() == 0


def test_escape_cancels_and_sends_nothing(session: Session, qtbot: QtBot) -> None:
    client = session.client
    dialog = open_dialog(qtbot, client)
    with qtbot.waitSignal(dialog.cancelled, timeout=WAIT_MS):
        qtbot.keyClick(dialog.justification, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: client.justification is None, timeout=WAIT_MS)
    assert flow_state(client) is State.IDLE and session.overrides_sent() == 0
    # A second override starts afresh.
    fill_and_submit(qtbot, open_dialog(qtbot, client))
    qtbot.waitUntil(session.full_view_shown, timeout=WAIT_MS)


def test_a_full_view_held_past_a_lock_is_never_shown(session: Session, qtbot: QtBot) -> None:
    rig, client = session.rig, session.client
    path = f"/v1/children/{session.cp_id}/overrides"
    gate = rig.network.held[path] = threading.Event()
    fill_and_submit(qtbot, open_dialog(qtbot, client))
    qtbot.waitUntil(lambda: path in rig.network.holding, timeout=WAIT_MS)
    session.window.lock_requested.emit()
    qtbot.waitUntil(client.lock_screen.isVisible, timeout=WAIT_MS)
    # The directory answers in full (and raises its alert); the answer must go nowhere.
    with qtbot.waitSignal(rig.controller.busy, timeout=WAIT_MS, check_params_cb=lambda b: not b):
        gate.set()
    assert not session.full_view_shown() and session.window.open_cp_id is None
    # Unlocked again, the window is back without the record the late answer carried.
    with qtbot.waitSignal(rig.controller.signed_in, timeout=WAIT_MS):
        type_pin(qtbot, client)
    assert not session.full_view_shown()


def test_a_directory_out_of_reach_is_a_notice(session: Session, qtbot: QtBot) -> None:
    client = session.client
    dialog = open_dialog(qtbot, client)
    session.rig.network.down = True  # the card re-authenticates; the directory does not answer
    fill_and_submit(qtbot, dialog)

    def notice() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return next((b for b in boxes if b.isVisible()), None)

    qtbot.waitUntil(lambda: notice() is not None, timeout=WAIT_MS)
    box = notice()
    assert box is not None and box.text()
    assert flow_state(client) is State.IDLE and client.justification is None
