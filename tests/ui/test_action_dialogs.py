"""Cease, contact and shield-request dialogs: OK only when valid, the reason inline, the body
the directory's model accepts, submitted/cancelled for non-modal use, ask() for modal use."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from desktop.requests import SHIELD_REASONS, CeaseDraft, ContactDraft, ShieldDraft
from directory.api.models import CeaseInvolvementRequest, ContactRequestBody, ShieldRequestBody
from tests.ui.keyboard import focus_targets, tab_stops
from tests.ui.modal import answer_modal
from tests.ui.render import render
from ui.cease_dialog import CeaseDialog
from ui.contact_request_dialog import ContactRequestDialog
from ui.shield_request_dialog import ShieldRequestDialog
from ui.training_banner import TrainingBanner

TODAY = dt.date(2025, 3, 3)
MESSAGE = "I am a synthetic school nurse; please ask the health visitor to call 0161 496 0002."


def shown(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()


def visible_texts(dialog: QDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


# -- cease ----------------------------------------------------------------------------------


def test_cease_offers_today_and_nothing_later(qtbot: QtBot) -> None:
    dialog = CeaseDialog(today=TODAY)
    shown(qtbot, dialog)
    assert dialog.windowTitle() == "ContactPoint — end your involvement"
    assert dialog.ceased_date.day() == TODAY
    assert dialog.ok_button.isEnabled()
    dialog.ceased_date.set_day(TODAY + dt.timedelta(days=1))
    assert dialog.ceased_date.day() == TODAY  # the calendar stops at today


def test_cease_cannot_go_before_the_involvement_started(qtbot: QtBot) -> None:
    started = dt.date(2025, 1, 6)
    dialog = CeaseDialog(today=TODAY, started=started)
    shown(qtbot, dialog)
    dialog.ceased_date.set_day(dt.date(2024, 12, 31))
    assert dialog.ceased_date.day() == started


def test_cease_sends_the_chosen_date(qtbot: QtBot) -> None:
    dialog = CeaseDialog(today=TODAY)
    shown(qtbot, dialog)
    dialog.ceased_date.set_day(dt.date(2025, 2, 14))
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent.args == [CeaseDraft(dt.date(2025, 2, 14))]
    body = sent.args[0].as_json()
    assert CeaseInvolvementRequest.model_validate(body).model_dump(mode="json") == body
    assert not dialog.isVisible()


def test_cease_ask_and_cancel(qtbot: QtBot) -> None:
    dialog = CeaseDialog(today=TODAY)
    qtbot.addWidget(dialog)
    answer = answer_modal(
        dialog, dialog.ask, lambda: qtbot.keyClick(dialog.ceased_date, Qt.Key.Key_Return)
    )
    assert answer == CeaseDraft(TODAY)
    again = CeaseDialog(today=TODAY)
    qtbot.addWidget(again)

    def escape() -> None:
        qtbot.keyClick(again.ceased_date, Qt.Key.Key_Escape)

    with qtbot.waitSignal(again.cancelled, timeout=1000):
        assert answer_modal(again, again.ask, escape) is None


# -- contact request ---------------------------------------------------------------------


def test_contact_explains_that_the_team_brokers_and_passes_the_message_on(qtbot: QtBot) -> None:
    dialog = ContactRequestDialog()
    shown(qtbot, dialog)
    assert dialog.windowTitle() == "ContactPoint — ask for contact"
    texts = visible_texts(dialog)
    assert "management team" in texts
    assert "brokers contact" in texts
    assert "exactly as you write it" in texts


def test_contact_waits_for_a_message_and_sends_it_as_written(qtbot: QtBot) -> None:
    dialog = ContactRequestDialog()
    shown(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.still_needed == "Write a message for the management team."
    qtbot.keyClicks(dialog.message, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.message.setPlainText(MESSAGE)
    assert dialog.ok_button.isEnabled()
    assert dialog.still_needed is None
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent.args == [ContactDraft(MESSAGE)]
    body = sent.args[0].as_json()
    assert ContactRequestBody.model_validate(body).message == MESSAGE


def test_contact_refuses_more_than_the_directory_stores(qtbot: QtBot) -> None:
    dialog = ContactRequestDialog()
    shown(qtbot, dialog)
    dialog.message.setPlainText("x" * 2000)
    assert dialog.ok_button.isEnabled()
    assert "2000 of at most 2000 characters" in visible_texts(dialog)
    dialog.message.setPlainText("x" * 2001)
    assert not dialog.ok_button.isEnabled()
    assert dialog.still_needed == "The message can be at most 2000 characters."


def test_contact_ask(qtbot: QtBot) -> None:
    dialog = ContactRequestDialog()
    qtbot.addWidget(dialog)

    def write_and_send() -> None:
        qtbot.keyClicks(dialog.message, "Synthetic request for contact")
        qtbot.keyClick(dialog.message, Qt.Key.Key_Tab)  # Tab leaves the text box ...
        assert dialog.message.toPlainText() == "Synthetic request for contact"
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer = answer_modal(dialog, dialog.ask, write_and_send)
    assert answer == ContactDraft("Synthetic request for contact")


# -- shield request ----------------------------------------------------------------------


def test_shield_offers_the_directorys_categories_with_none_chosen(qtbot: QtBot) -> None:
    dialog = ShieldRequestDialog()
    shown(qtbot, dialog)
    assert dialog.windowTitle() == "ContactPoint — ask for a shield"
    assert dialog.reason.currentIndex() == -1
    offered = [
        (dialog.reason.itemData(i), dialog.reason.itemText(i)) for i in range(dialog.reason.count())
    ]
    assert offered == list(SHIELD_REASONS)
    assert "shield officers" in visible_texts(dialog)


def test_shield_waits_for_a_reason_and_a_note(qtbot: QtBot) -> None:
    dialog = ShieldRequestDialog()
    shown(qtbot, dialog)
    dialog.note.setPlainText("Synthetic family has fled a violent former partner.")
    assert not dialog.ok_button.isEnabled()
    assert dialog.still_needed == "Choose the reason the record should be shielded."
    dialog.reason.setCurrentIndex(0)
    dialog.note.setPlainText("")
    assert not dialog.ok_button.isEnabled()
    assert dialog.still_needed == "Write a note saying why the record should be shielded."
    dialog.note.setPlainText("Synthetic family has fled a violent former partner.")
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    draft = sent.args[0] if sent.args else None
    assert draft == ShieldDraft(
        "domestic_violence", "Synthetic family has fled a violent former partner."
    )
    assert ShieldRequestBody.model_validate(draft.as_json()).reason_category == "domestic_violence"


def test_shield_keyboard_order_and_cancel(qtbot: QtBot) -> None:
    dialog = ShieldRequestDialog()
    shown(qtbot, dialog)
    dialog.reason.setCurrentIndex(4)
    dialog.note.setPlainText("Synthetic note")
    assert tab_stops(dialog.reason, 2) == focus_targets([dialog.note, dialog.ok_button])
    with (
        qtbot.waitSignal(dialog.cancelled, timeout=1000),
        qtbot.assertNotEmitted(dialog.submitted),
    ):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)


def test_every_action_dialog_can_be_marked_training(qtbot: QtBot) -> None:
    for dialog in (
        CeaseDialog(training=True),
        ContactRequestDialog(training=True),
        ShieldRequestDialog(training=True),
    ):
        shown(qtbot, dialog)
        assert dialog.findChild(TrainingBanner) is not None
        assert dialog.windowTitle().endswith(" — TRAINING")
    for plain in (CeaseDialog(), ContactRequestDialog(), ShieldRequestDialog()):
        qtbot.addWidget(plain)
        assert plain.findChild(TrainingBanner) is None
        assert "TRAINING" not in plain.windowTitle()


def test_render_action_dialogs(qtbot: QtBot) -> None:
    cease = CeaseDialog(today=TODAY, training=True)
    shown(qtbot, cease)
    assert render(cease, "cease_dialog").exists()
    contact = ContactRequestDialog()
    shown(qtbot, contact)
    contact.message.setPlainText(MESSAGE)
    assert render(contact, "contact_request_dialog").exists()
    shield = ShieldRequestDialog()
    shown(qtbot, shield)
    assert render(shield, "shield_request_dialog").exists()
