"""Recording an involvement: OK only when the directory would accept the body, CAF dates only
with a CAF, the consent basis only where it can apply, and the body the directory's model takes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.requests import InvolvementDraft
from directory.api.models import InvolvementRequest
from tests.event_loop import drain_events
from tests.ui.keyboard import focus_targets, tab_stops
from tests.ui.modal import answer_modal
from tests.ui.render import render
from ui.involvement_dialog import InvolvementDialog
from ui.training_banner import TrainingBanner

TODAY = dt.date(2025, 3, 3)


def dialog_for(qtbot: QtBot, **options: object) -> InvolvementDialog:
    dialog = InvolvementDialog(today=TODAY, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: InvolvementDialog) -> None:
    dialog.role.setText("health visitor")
    dialog.phone.setText("0161 496 0000")


def submitted_draft(qtbot: QtBot, dialog: InvolvementDialog) -> InvolvementDraft:
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sent.args is not None
    draft = sent.args[0]
    assert isinstance(draft, InvolvementDraft)
    return draft


def test_ok_waits_for_role_and_phone_and_says_what_is_missing(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    assert dialog.windowTitle() == "ContactPoint — record your involvement"
    assert not dialog.ok_button.isEnabled()
    assert dialog.still_needed is not None and "Give your role" in dialog.still_needed
    qtbot.keyClicks(dialog.role, "health visitor")
    assert dialog.still_needed is not None and "phone number" in dialog.still_needed
    qtbot.keyClicks(dialog.phone, "12345")
    assert dialog.still_needed == "The phone number must be 6 to 20 digits, spaces or + ( ) -."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.phone, "6")
    assert dialog.still_needed is None
    assert dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.email, "not-an-address")
    assert dialog.still_needed == "The email address is not valid."
    assert not dialog.ok_button.isEnabled()


def test_the_plainest_involvement_is_what_the_directory_accepts(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    draft = submitted_draft(qtbot, dialog)
    body = draft.as_json()
    assert body == {
        "practitioner_role": "health visitor",
        "phone": "0161 496 0000",
        "email": None,
        "start_date": "2025-03-03",
        "lead_professional": False,
        "caf": False,
        "caf_started": None,
        "caf_completed": None,
        "consent_basis": None,
    }
    assert InvolvementRequest.model_validate(body).model_dump(mode="json") == body
    assert not dialog.isVisible()


def test_caf_dates_open_only_with_the_caf_box(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    assert not dialog.caf_started.isEnabled()
    assert not dialog.caf_done.isEnabled() and not dialog.caf_completed.isEnabled()
    dialog.caf.setChecked(True)
    assert dialog.caf_started.isEnabled() and dialog.caf_done.isEnabled()
    assert not dialog.caf_completed.isEnabled()  # until "completed" is ticked
    dialog.caf_done.setChecked(True)
    assert dialog.caf_completed.isEnabled()
    dialog.caf.setChecked(False)
    assert not dialog.caf_started.isEnabled() and not dialog.caf_completed.isEnabled()
    # Dates left in disabled fields are not sent.
    body = submitted_draft(qtbot, dialog).as_json()
    assert (body["caf"], body["caf_started"], body["caf_completed"]) == (False, None, None)


def test_a_full_involvement_with_a_completed_caf(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    dialog.email.setText("synthetic.visitor@example.org")
    dialog.start_date.set_day(dt.date(2024, 9, 2))
    dialog.lead.setChecked(True)
    dialog.caf.setChecked(True)
    dialog.caf_started.set_day(dt.date(2024, 10, 1))
    dialog.caf_done.setChecked(True)
    dialog.caf_completed.set_day(dt.date(2024, 9, 30))
    assert dialog.still_needed == (
        "A completed CAF needs a start date on or before its completion."
    )
    assert not dialog.ok_button.isEnabled()
    dialog.caf_completed.set_day(dt.date(2025, 1, 31))
    body = submitted_draft(qtbot, dialog).as_json()
    assert body == {
        "practitioner_role": "health visitor",
        "phone": "0161 496 0000",
        "email": "synthetic.visitor@example.org",
        "start_date": "2024-09-02",
        "lead_professional": True,
        "caf": True,
        "caf_started": "2024-10-01",
        "caf_completed": "2025-01-31",
        "consent_basis": None,
    }
    InvolvementRequest.model_validate(body)


def test_no_date_can_be_after_today(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    for field in (dialog.start_date, dialog.caf_started, dialog.caf_completed):
        field.set_day(TODAY + dt.timedelta(days=1))
        assert field.day() == TODAY


def test_consent_basis_defaults_to_not_sensitive_and_can_be_chosen(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    labels = [dialog.consent.itemText(i) for i in range(dialog.consent.count())]
    assert labels == [
        "Not a sensitive service",
        "The child's consent",
        "Reasonable cause to suspect significant harm",
    ]
    assert dialog.consent.currentIndex() == 0
    dialog.consent.setCurrentIndex(1)
    body = submitted_draft(qtbot, dialog).as_json()
    assert body["consent_basis"] == "child_consent"
    InvolvementRequest.model_validate(body)


def test_a_sensitive_service_must_choose_a_consent_basis(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, sensitive_service=True)
    fill(dialog)
    assert dialog.consent.currentIndex() == -1
    assert dialog.consent.count() == 2
    assert dialog.still_needed == "Your service is sensitive: choose the consent basis."
    assert not dialog.ok_button.isEnabled()
    dialog.consent.setCurrentIndex(1)
    assert submitted_draft(qtbot, dialog).consent_basis == "significant_harm"


def test_a_service_known_not_to_be_sensitive_is_not_asked(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, sensitive_service=False)
    fill(dialog)
    assert not dialog.consent.isVisible()
    assert submitted_draft(qtbot, dialog).consent_basis is None


def test_keyboard_reaches_every_field_in_order(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    dialog.caf.setChecked(True)
    dialog.caf_done.setChecked(True)
    stops = tab_stops(dialog.role, 10)
    assert stops[:9] == focus_targets(
        [
            dialog.phone,
            dialog.email,
            dialog.start_date,
            dialog.lead,
            dialog.caf,
            dialog.caf_started,
            dialog.caf_done,
            dialog.caf_completed,
            dialog.consent,
        ]
    )
    assert stops[9] is dialog.ok_button
    for widget in (dialog.role, dialog.phone, dialog.start_date, dialog.caf_completed):
        assert widget.accessibleName()


def test_ask_returns_the_draft_or_none(qtbot: QtBot) -> None:
    dialog = InvolvementDialog(today=TODAY)
    qtbot.addWidget(dialog)

    def complete() -> None:
        qtbot.keyClicks(dialog.role, "school nurse")
        qtbot.keyClicks(dialog.phone, "+44 161 496 0001")
        qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)

    draft = answer_modal(dialog, dialog.ask, complete)
    assert draft is not None
    assert (draft.practitioner_role, draft.phone) == ("school nurse", "+44 161 496 0001")

    again = InvolvementDialog(today=TODAY)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.cancelled, timeout=1000):
        assert answer_modal(again, again.ask, lambda: None) is None


def test_enter_before_the_form_is_valid_sends_nothing(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    qtbot.keyClicks(dialog.role, "health visitor")
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.keyClick(dialog.role, Qt.Key.Key_Return)
        drain_events()  # a queued submit would be delivered here
    assert dialog.isVisible()


def test_render_involvement_dialog(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, training=True)
    assert dialog.findChild(TrainingBanner) is not None
    assert dialog.windowTitle() == "ContactPoint — record your involvement — TRAINING"
    fill(dialog)
    dialog.caf.setChecked(True)
    assert render(dialog, "involvement_dialog").exists()
