"""The PIN dialog: what it shows for each PIN state, and that it hands a PIN over only once,
when a person asks, as a fresh bytearray, leaving nothing in its fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.login import PinPrompt
from tests.ui.keyboard import tab_stops
from tests.ui.modal import answer_modal
from tests.ui.prompts import CARD, OTHER_CARD, pin_prompt
from tests.ui.render import render
from ui.pin_dialog import PinDialog
from ui.training_banner import TrainingBanner

LOCKED = "PIN is locked"
MUST_CHANGE = "must be changed"
FINAL_TRY = "Final try"
COUNT_LOW = "few tries are left"


def dialog_for(qtbot: QtBot, prompt: PinPrompt, *, training: bool = False) -> PinDialog:
    dialog = PinDialog(prompt, training=training)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def field(dialog: PinDialog) -> QLineEdit:
    assert dialog.pin_field is not None
    return dialog.pin_field


def visible_texts(dialog: PinDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]


def test_sign_in_shows_the_card_and_asks_for_a_pin(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt())
    assert dialog.windowTitle() == "ContactPoint — sign in"
    texts = visible_texts(dialog)
    assert "Sign in" in texts
    assert "Card: Training card 1" in texts
    pin = field(dialog)
    assert pin.echoMode() is QLineEdit.EchoMode.Password
    assert pin.maxLength() == 64
    assert pin.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu
    assert dialog.password_field is None
    assert dialog.token_picker is None
    assert dialog.warning_texts == ()
    assert dialog.failure_text is None
    assert not dialog.submit_button.isEnabled()  # no PIN yet
    assert dialog.findChild(TrainingBanner) is None


@pytest.mark.parametrize(
    ("purpose", "heading", "button"),
    [
        ("sign_in", "Sign in", "Sign in"),
        ("unlock", "ContactPoint is locked — enter your PIN to continue", "Unlock"),
        ("override", "Confirm with your PIN", "Confirm"),
    ],
)
def test_heading_and_button_follow_the_purpose(
    qtbot: QtBot, purpose: str, heading: str, button: str
) -> None:
    dialog = dialog_for(qtbot, pin_prompt(purpose=purpose))
    assert heading in visible_texts(dialog)
    assert dialog.submit_button.text().replace("&", "") == button
    assert dialog.windowTitle() == "ContactPoint — sign in"  # never anything personal


def test_typing_submits_nothing_and_the_button_hands_over_a_fresh_bytearray(
    qtbot: QtBot,
) -> None:
    dialog = dialog_for(qtbot, pin_prompt())
    received: list[tuple[object, object]] = []
    dialog.submitted.connect(lambda pin, password: received.append((pin, password)))
    qtbot.keyClicks(field(dialog), "271828")
    qtbot.wait(50)  # give a would-be timer or queued submit the chance to fire
    assert received == []
    assert dialog.submit_button.isEnabled()

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert len(received) == 1
    pin, password = received[0]
    assert isinstance(pin, bytearray)
    assert pin == bytearray(b"271828")
    assert password is None
    assert field(dialog).text() == ""
    assert not field(dialog).isUndoAvailable()  # the PIN cannot be brought back with Ctrl+Z
    assert not dialog.submit_button.isEnabled()  # nothing left to resend
    # The dialog stays for the controller to close or reuse; pressing again sends nothing.
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field(dialog), Qt.Key.Key_Return)
    assert len(received) == 1


def test_each_submit_gets_its_own_buffer(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt())
    received: list[bytearray] = []
    dialog.submitted.connect(lambda pin, _password: received.append(pin))
    for pin in ("1111", "2222"):
        qtbot.keyClicks(field(dialog), pin)
        qtbot.keyClick(field(dialog), Qt.Key.Key_Return)
    assert received == [bytearray(b"1111"), bytearray(b"2222")]
    assert received[0] is not received[1]
    received[0][:] = bytes(4)  # the consumer wipes one; the other is untouched
    assert received[1] == bytearray(b"2222")


def test_enter_with_an_empty_field_sends_nothing(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt())
    with qtbot.assertNotEmitted(dialog.submitted, wait=50):
        qtbot.keyClick(field(dialog), Qt.Key.Key_Return)


def test_the_pin_is_sent_as_utf8(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt())
    field(dialog).setText("pïn€")
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert sent.args is not None
    assert sent.args[0] == bytearray("pïn€".encode())


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"count_low": True}, [COUNT_LOW]),
        ({"final_try": True}, [FINAL_TRY]),
        ({"count_low": True, "final_try": True}, [FINAL_TRY]),  # the worse of the two
        ({"must_change": True}, [MUST_CHANGE]),
        ({"locked": True}, [LOCKED]),
        (
            {"locked": True, "must_change": True, "final_try": True},
            [LOCKED, MUST_CHANGE, FINAL_TRY],
        ),
    ],
)
def test_each_pin_warning_is_shown_most_serious_first(
    qtbot: QtBot, flags: dict[str, bool], expected: list[str]
) -> None:
    dialog = dialog_for(qtbot, pin_prompt(**flags))
    shown = dialog.warning_texts
    assert len(shown) == len(expected)
    for text, fragment in zip(shown, expected, strict=True):
        assert fragment in text
    assert all(text in visible_texts(dialog) for text in shown)


@pytest.mark.parametrize("flag", ["locked", "must_change"])
def test_a_card_that_cannot_take_a_pin_disables_submit(qtbot: QtBot, flag: str) -> None:
    dialog = dialog_for(qtbot, pin_prompt(**{flag: True}))
    pin = field(dialog)
    assert not pin.isEnabled()
    pin.setText("271828")  # even text put there by other means does not enable it
    assert not dialog.submit_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.submit_button.click()


def test_final_try_still_lets_a_person_try(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(final_try=True))
    qtbot.keyClicks(field(dialog), "271828")
    assert dialog.submit_button.isEnabled()


def test_a_pin_pad_reader_has_no_pin_field(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(pin_pad=True))
    assert dialog.pin_field is None
    assert dialog.findChildren(QLineEdit) == []
    assert any("reader's keypad" in text for text in visible_texts(dialog))
    assert dialog.submit_button.text().replace("&", "") == "Continue"
    assert dialog.submit_button.isEnabled()
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert sent.args == [bytearray(), None]


def test_a_locked_card_on_a_pin_pad_cannot_continue(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(pin_pad=True, locked=True))
    assert not dialog.submit_button.isEnabled()


def test_the_password_is_asked_for_when_the_directory_wants_it(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(password_needed=True))
    password = dialog.password_field
    assert password is not None
    assert password.echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(field(dialog), "271828")
    assert not dialog.submit_button.isEnabled()  # the password is missing
    qtbot.keyClicks(password, "synthetic pass")
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.keyClick(password, Qt.Key.Key_Return)
    assert sent.args == [bytearray(b"271828"), "synthetic pass"]
    assert field(dialog).text() == password.text() == ""


def test_another_card_can_be_chosen(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(others=(OTHER_CARD,)))
    picker = dialog.token_picker
    assert picker is not None
    assert [picker.itemText(i) for i in range(picker.count())] == [CARD.label, OTHER_CARD.label]
    assert picker.currentIndex() == 0
    with qtbot.waitSignal(dialog.token_chosen, timeout=1000) as chosen:
        picker.activated.emit(1)  # what a person's choice in the list emits
    assert chosen.args == [OTHER_CARD.token_id]
    with qtbot.assertNotEmitted(dialog.token_chosen):
        picker.activated.emit(0)  # the card already in use is no new choice


def test_the_previous_failure_is_shown(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(failure="The directory did not answer (ref 7f3a)."))
    assert dialog.failure_text == "The directory did not answer (ref 7f3a)."
    assert "The directory did not answer (ref 7f3a)." in visible_texts(dialog)
    assert not dialog.submit_button.isEnabled()


def test_cancel_emits_cancelled_and_empties_the_field(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt())
    qtbot.keyClicks(field(dialog), "2718")
    with (
        qtbot.waitSignal(dialog.cancelled, timeout=1000),
        qtbot.assertNotEmitted(dialog.submitted),
    ):
        qtbot.keyClick(field(dialog), Qt.Key.Key_Escape)
    assert field(dialog).text() == ""
    assert not dialog.isVisible()


def test_ask_returns_the_pin_and_password(qtbot: QtBot) -> None:
    dialog = PinDialog(pin_prompt(password_needed=True))
    qtbot.addWidget(dialog)

    def type_and_press() -> None:
        qtbot.keyClicks(field(dialog), "271828")
        assert dialog.password_field is not None
        qtbot.keyClicks(dialog.password_field, "synthetic pass")
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    answer = answer_modal(dialog, dialog.ask, type_and_press)
    assert answer == (bytearray(b"271828"), "synthetic pass")
    assert isinstance(answer[0], bytearray)


def test_ask_returns_none_when_cancelled(qtbot: QtBot) -> None:
    dialog = PinDialog(pin_prompt())
    qtbot.addWidget(dialog)

    def type_and_cancel() -> None:
        qtbot.keyClicks(field(dialog), "271828")
        qtbot.keyClick(field(dialog), Qt.Key.Key_Escape)

    with qtbot.waitSignal(dialog.cancelled, timeout=1000):
        assert answer_modal(dialog, dialog.ask, type_and_cancel) is None


def test_ask_never_answers_by_itself(qtbot: QtBot) -> None:
    dialog = PinDialog(pin_prompt())
    qtbot.addWidget(dialog)

    def type_only() -> None:
        qtbot.keyClicks(field(dialog), "271828")
        qtbot.wait(50)
        assert dialog.isVisible()  # still waiting for a person

    assert answer_modal(dialog, dialog.ask, type_only) is None


def test_keyboard_order_is_pin_password_card_then_buttons(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(password_needed=True, others=(OTHER_CARD,)))
    assert dialog.password_field is not None and dialog.token_picker is not None
    qtbot.keyClicks(field(dialog), "1")  # the submit button takes Tab only when enabled
    qtbot.keyClicks(dialog.password_field, "p")
    assert tab_stops(field(dialog), 3) == [
        dialog.password_field,
        dialog.token_picker,
        dialog.submit_button,
    ]
    for widget in (field(dialog), dialog.password_field, dialog.token_picker):
        assert widget.accessibleName()


def test_training_marks_the_dialog(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(), training=True)
    banner = dialog.findChild(TrainingBanner)
    assert banner is not None and banner.isVisible()
    assert "TRAINING" in banner.accessibleName()
    assert dialog.windowTitle() == "ContactPoint — sign in — TRAINING"


def test_render_pin_dialogs(qtbot: QtBot) -> None:
    plain = dialog_for(qtbot, pin_prompt(password_needed=True, others=(OTHER_CARD,)), training=True)
    assert render(plain, "pin_dialog").exists()
    final = dialog_for(
        qtbot, pin_prompt(final_try=True, count_low=True, failure="The PIN is not correct.")
    )
    assert render(final, "pin_dialog_final_try").exists()
    pad = dialog_for(qtbot, pin_prompt(pin_pad=True, purpose="unlock"))
    assert render(pad, "pin_dialog_pin_pad").exists()


def test_an_unknown_purpose_is_a_mistake_not_a_sign_in(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="purpose"):
        PinDialog(pin_prompt(purpose="export"))


def test_every_label_with_a_mnemonic_has_a_buddy(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(password_needed=True, others=(OTHER_CARD,)))
    labelled = [label for label in dialog.findChildren(QLabel) if "&" in label.text()]
    assert {label.text() for label in labelled} == {"&PIN:", "Pass&word:", "Ca&rd:"}
    assert {label.buddy() for label in labelled} == {
        dialog.pin_field,
        dialog.password_field,
        dialog.token_picker,
    }
