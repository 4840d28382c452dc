"""The PIN-change dialog: what it shows, that it hands the three PINs over once as fresh
bytearrays, and that no PIN stays in its fields after a submit, a cancel, a close or a
lock (which hides it). On the real controller (a fake card whose PIN must change): the
dialog comes instead of the PIN dialog, and the sign-in goes on with the new PIN."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop import MAX_PIN_LENGTH, PinChangeRequest
from desktop.pin_change.request import MISMATCH
from tests.desktop.rig import PIN, WAIT_MS, RigFactory
from tests.event_loop import drain_events
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.modal import answer_modal
from tests.ui.pin_change_requests import change_request
from tests.ui.render import render
from ui.app import ClientApp
from ui.pin_change_dialog import PinChangeDialog


def dialog_for(qtbot: QtBot, request: PinChangeRequest) -> PinChangeDialog:
    dialog = PinChangeDialog(request, training=True)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def visible_texts(dialog: PinChangeDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]


def type_pins(qtbot: QtBot, dialog: PinChangeDialog, *pins: str) -> None:
    for field, pin in zip(dialog.fields, pins, strict=False):
        qtbot.keyClicks(field, pin)


def emptied(dialog: PinChangeDialog) -> bool:
    return all(f.text() == "" and not f.isUndoAvailable() for f in dialog.fields)


def test_it_says_why_and_the_cards_rule_and_masks_every_field(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, change_request())
    texts = visible_texts(dialog)
    assert "Change your PIN to sign in" in texts
    assert "Card: Training card 1" in texts
    assert any("must be changed" in text for text in texts)
    assert dialog.rule_text == "The new PIN must be 4 to 8 characters long."
    # Never anything personal; marked in training.
    assert dialog.windowTitle() == "ContactPoint — change PIN — TRAINING"
    for field in dialog.fields:
        assert field.echoMode() is QLineEdit.EchoMode.Password  # masked: Qt copies nothing
        assert field.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu
        assert not field.acceptDrops()
        assert field.maxLength() == MAX_PIN_LENGTH + 1  # too long is said, never cut short
    assert dialog.failure_text is None and dialog.warning_texts == ()
    assert not dialog.submit_button.isEnabled()
    assert mnemonic_clashes(dialog) == []
    render(dialog, "pin_change_dialog")


@pytest.mark.parametrize(
    ("flags", "warning"), [({"final_try": True}, "Final try"), ({"locked": True}, "locked")]
)
def test_the_pin_state_is_shown_and_a_locked_card_takes_nothing(
    qtbot: QtBot, flags: dict[str, bool], warning: str
) -> None:
    dialog = dialog_for(qtbot, change_request(purpose="menu", **flags))
    assert "Change your card's PIN" in visible_texts(dialog)
    assert any(warning in text for text in dialog.warning_texts)
    locked = flags.get("locked", False)
    assert all(field.isEnabled() is not locked for field in dialog.fields)


def test_the_last_failure_is_shown(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, change_request(failure=MISMATCH))
    assert dialog.failure_text == MISMATCH


def test_the_button_hands_over_three_fresh_bytearrays_once_and_empties_the_fields(
    qtbot: QtBot,
) -> None:
    dialog = dialog_for(qtbot, change_request())
    received: list[tuple[object, ...]] = []
    dialog.submitted.connect(lambda *args: received.append(args))
    type_pins(qtbot, dialog, "2468", "1357")
    drain_events()
    assert received == [] and not dialog.submit_button.isEnabled()  # the confirmation too
    qtbot.keyClicks(dialog.fields[2], "1357")
    assert dialog.submit_button.isEnabled()

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert received == [(7, bytearray(b"2468"), bytearray(b"1357"), bytearray(b"1357"))]
    assert all(isinstance(pin, bytearray) for pin in received[0][1:])
    assert received[0][2] is not received[0][3]  # each its own buffer for the flow to zero
    assert emptied(dialog)
    qtbot.keyClick(dialog.fields[0], Qt.Key.Key_Return)  # pressing again sends nothing
    assert len(received) == 1


def test_cancel_close_and_hide_empty_the_fields(qtbot: QtBot) -> None:
    for leave in (PinChangeDialog.reject, PinChangeDialog.close, PinChangeDialog.hide):
        dialog = dialog_for(qtbot, change_request())
        cancelled: list[int] = []
        dialog.cancelled.connect(cancelled.append)
        type_pins(qtbot, dialog, "2468", "1357", "1357")
        leave(dialog)
        assert emptied(dialog), leave.__name__
        assert cancelled == ([] if leave is PinChangeDialog.hide else [7]), leave.__name__


def test_ask_returns_the_three_pins(qtbot: QtBot) -> None:
    dialog = PinChangeDialog(change_request())
    qtbot.addWidget(dialog)

    def act() -> None:
        dialog.fields[0].setText("2468")
        dialog.fields[1].setText("1357")
        dialog.fields[2].setText("1357")
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    answer = answer_modal(dialog, dialog.ask, act)
    assert answer == (bytearray(b"2468"), bytearray(b"1357"), bytearray(b"1357"))
    assert answer_modal(dialog, dialog.ask, dialog.reject) is None


def _change_dialog(qtbot: QtBot, client: ClientApp) -> PinChangeDialog:
    qtbot.waitUntil(
        lambda: client.pin_change_dialog is not None and client.pin_change_dialog.isVisible(),
        timeout=WAIT_MS,
    )
    dialog = client.pin_change_dialog
    assert dialog is not None
    return dialog


def test_a_card_whose_pin_must_change_signs_in_through_the_dialog(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig(must_change=True)
    client = ClientApp(rig.controller)
    sent: list[bytearray] = []
    client.start()
    dialog = _change_dialog(qtbot, client)
    assert client.pin_dialog is None
    dialog.submitted.connect(lambda _ticket, *pins: sent.extend(pins))
    type_pins(qtbot, dialog, PIN, "1357", "1358")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    again = _change_dialog(qtbot, client)
    qtbot.waitUntil(lambda: again is not dialog, timeout=WAIT_MS)
    assert again.failure_text == MISMATCH
    again.submitted.connect(lambda _ticket, *pins: sent.extend(pins))
    type_pins(qtbot, again, PIN, "1357", "1357")
    qtbot.mouseClick(again.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: client.window is not None and client.window.isVisible(), timeout=WAIT_MS
    )
    assert client.pin_change_dialog is None and not rig.cards["zz-practitioner"].must_change
    assert len(sent) == 6 and not any(any(pin) for pin in sent)  # every buffer zeroed
    client.stop()


def test_change_pin_from_the_session_header(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    client = ClientApp(rig.controller)
    client.start()
    qtbot.waitUntil(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
    rig.sign_in()
    window = client.window
    assert window is not None
    qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(window.header.change_pin_button, Qt.MouseButton.LeftButton)
    dialog = _change_dialog(qtbot, client)
    assert dialog.request.purpose == "menu" and dialog.parent() is window
    type_pins(qtbot, dialog, PIN, "1357", "1357")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: client.pin_change_dialog is None, timeout=WAIT_MS)
    rig.prompt_after(rig.controller.lock_now)
    rig.sign_in("1357")  # the card's PIN is the new one
    client.stop()
