"""The workspace's action dialogs: built from an ActionRequest, they refuse what the drafts
refuse (inline, OK disabled), submit (ticket, draft) and wait, show the directory's
problem inline and stay open, cancel with the ticket, and work by keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ShieldEvent,
    ShieldRequestStatus,
)
from desktop import AlertStepDraft, DecisionDraft
from desktop.problems import Problem, ProblemKind
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.modal import answer_modal
from tests.ui.render import render
from tests.ui.texts import joined
from tests.ui.workspace import samples
from tests.ui.workspace.dialog_keys import DOWN, SPACE, TAB, focused, press, shown, type_text
from ui.workspace.alert_step_dialog import AlertStepDialog
from ui.workspace.decision_dialog import DecisionDialog
from ui.workspace.shield_step_dialog import ShieldStepDialog
from ui.workspace.step_dialog import StepDialog

NOTE = "Zz checked with the social worker's manager: a strategy meeting was under way."


def close_dialog(qtbot: QtBot) -> AlertStepDialog:
    alert = samples.first_alert()
    dialog = AlertStepDialog(samples.action("alert", AlertStatus.CLOSED, alert), training=True)
    shown(qtbot, dialog)
    return dialog


def every_dialog() -> list[StepDialog]:
    alert, contact = samples.first_alert(), samples.first_request("contact")
    shield_request = samples.first_request("shield")
    review = samples.reviews().items
    return [
        AlertStepDialog(samples.action("alert", AlertStatus.ACKNOWLEDGED, alert)),
        AlertStepDialog(samples.action("alert", AlertStatus.ESCALATED, alert)),
        AlertStepDialog(samples.action("alert", AlertStatus.CLOSED, alert)),
        DecisionDialog(samples.action("contact", ContactRequestStatus.BROKERED, contact)),
        DecisionDialog(samples.action("contact", ContactRequestStatus.DECLINED, contact)),
        DecisionDialog(
            samples.action("shield_request", ShieldRequestStatus.GRANTED, shield_request)
        ),
        DecisionDialog(
            samples.action("shield_request", ShieldRequestStatus.DECLINED, shield_request)
        ),
        ShieldStepDialog(samples.action("shield", ShieldEvent.PLACE)),
        ShieldStepDialog(samples.action("shield", ShieldEvent.CONFIRM, review[0])),
        ShieldStepDialog(samples.action("shield", ShieldEvent.PROPOSE_LIFT, review[0])),
        ShieldStepDialog(samples.action("shield", ShieldEvent.CONFIRM_LIFT, review[1])),
        ShieldStepDialog(samples.action("shield", ShieldEvent.RENEW, review[2], review=True)),
        ShieldStepDialog(
            samples.action("shield", ShieldEvent.PROPOSE_LIFT, review[2], review=True)
        ),
    ]


# -- every dialog ------------------------------------------------------------------------


def test_titles_name_the_action_and_never_the_child(qtbot: QtBot) -> None:
    for dialog in every_dialog():
        qtbot.addWidget(dialog)
        title = dialog.windowTitle()
        assert title.startswith("ContactPoint — ")
        for personal in ("9000", "zz-", "OVR-", "CR-", "SR-", "Zz"):
            assert personal not in title


def test_mnemonics_are_unique_in_every_dialog(qtbot: QtBot) -> None:
    for dialog in every_dialog():
        shown(qtbot, dialog)
        assert mnemonic_clashes(dialog) == [], dialog.windowTitle()
        dialog.withdraw()


def test_cancel_and_escape_give_back_the_ticket(qtbot: QtBot) -> None:
    dialog = close_dialog(qtbot)
    with qtbot.waitSignal(dialog.cancelled, timeout=1000) as cancelled:
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert cancelled.args == [7]
    assert not dialog.isVisible()


def test_withdrawn_by_the_flow_it_says_nothing(qtbot: QtBot) -> None:
    dialog = close_dialog(qtbot)
    with qtbot.assertNotEmitted(dialog.cancelled), qtbot.assertNotEmitted(dialog.submitted):
        dialog.withdraw()
    assert not dialog.isVisible()


# -- closing an alert ----------------------------------------------------------------------


def test_close_refuses_an_empty_note_inline(qtbot: QtBot) -> None:
    dialog = close_dialog(qtbot)
    assert not dialog.ok_button.isEnabled()
    assert dialog.still_needed == "Choose the outcome: justified, not justified or referred."
    dialog.outcomes[AlertOutcome.JUSTIFIED].setChecked(True)
    assert dialog.still_needed == "Write a note saying what was checked and found."
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        dialog.ok_button.click()
    assert dialog.isVisible()


def test_close_by_keyboard_alone_submits_the_draft_and_waits(qtbot: QtBot) -> None:
    dialog = close_dialog(qtbot)
    assert focused() is dialog.outcomes[AlertOutcome.JUSTIFIED]
    press(qtbot, DOWN)  # the arrow moves to "Not justified", Space checks it
    press(qtbot, SPACE)
    assert dialog.outcome() is AlertOutcome.NOT_JUSTIFIED
    press(qtbot, TAB)
    assert focused() is dialog.note
    type_text(qtbot, NOTE)
    press(qtbot, TAB)
    assert focused() is dialog.ok_button
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        press(qtbot, SPACE)
    assert sent.args == [7, AlertStepDraft(AlertStatus.CLOSED, AlertOutcome.NOT_JUSTIFIED, NOTE)]
    assert sent.args[1].note == NOTE
    assert dialog.isVisible() and dialog.busy  # it waits for the directory's answer
    assert not dialog.note.isEnabled()


def test_a_problem_is_shown_inline_and_the_form_comes_back(qtbot: QtBot) -> None:
    dialog = close_dialog(qtbot)
    dialog.outcomes[AlertOutcome.REFERRED].setChecked(True)
    dialog.note.setPlainText(NOTE)
    with qtbot.waitSignal(dialog.submitted, timeout=1000):
        dialog.ok_button.click()
    problem = Problem(ProblemKind.REFUSED, "This alert was closed meanwhile.", "cid-zz-1")
    dialog.show_problem(problem)
    assert dialog.isVisible() and not dialog.busy
    assert dialog.problem_text == "This alert was closed meanwhile. (reference cid-zz-1)"
    assert dialog.note.isEnabled() and dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.submitted, timeout=1000):
        dialog.ok_button.click()
    assert dialog.problem_text is None  # a new attempt: the old answer goes


def test_acknowledge_takes_an_optional_note(qtbot: QtBot) -> None:
    alert = samples.first_alert()
    dialog = AlertStepDialog(samples.action("alert", AlertStatus.ACKNOWLEDGED, alert, ticket=3))
    shown(qtbot, dialog)
    assert dialog.ok_button.isEnabled() and dialog.outcomes == {}
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        press(qtbot, TAB)  # from the note to OK
        press(qtbot, SPACE)
    assert sent.args == [3, AlertStepDraft(AlertStatus.ACKNOWLEDGED)]


def test_ask_runs_modally_and_returns_the_draft(qtbot: QtBot) -> None:
    alert = samples.first_alert()
    dialog = AlertStepDialog(samples.action("alert", AlertStatus.ESCALATED, alert))
    qtbot.addWidget(dialog)

    why = "Zz: the manager is away; over to the head of service."

    def act() -> None:
        dialog.note.setPlainText(why)
        dialog.ok_button.click()

    draft = answer_modal(dialog, dialog.ask, act)
    assert draft == AlertStepDraft(AlertStatus.ESCALATED, None, why)


# -- deciding a request ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "draft_kind"),
    [
        ("contact", ContactRequestStatus.BROKERED, "contact"),
        ("shield_request", ShieldRequestStatus.DECLINED, "shield"),
    ],
)
def test_a_decision_needs_a_note_and_says_the_requester_sees_only_the_outcome(
    qtbot: QtBot, kind: str, status: str, draft_kind: str
) -> None:
    item = samples.first_request("contact" if kind == "contact" else "shield")
    dialog = DecisionDialog(samples.action(kind, status, item, ticket=11))
    shown(qtbot, dialog)
    assert "sees only the outcome" in joined(dialog)
    assert item.reference in joined(dialog)
    assert dialog.still_needed == "Write a note for the team saying what was done and why."
    assert not dialog.ok_button.isEnabled()
    assert focused() is dialog.note
    type_text(qtbot, NOTE)
    press(qtbot, TAB)
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        press(qtbot, SPACE)
    assert sent.args == [11, DecisionDraft(draft_kind, status, NOTE)]  # type: ignore[arg-type]


# -- screenshots ---------------------------------------------------------------------------


def test_screenshots_of_the_dialogs(qtbot: QtBot) -> None:
    alert = samples.first_alert()
    status = samples.reviews().items
    contact = samples.first_request("contact")
    cases = {
        "dialog_acknowledge_alert": AlertStepDialog(
            samples.action("alert", AlertStatus.ACKNOWLEDGED, alert), training=True
        ),
        "dialog_close_alert": AlertStepDialog(
            samples.action("alert", AlertStatus.CLOSED, alert), training=True
        ),
        "dialog_decide_contact": DecisionDialog(
            samples.action("contact", ContactRequestStatus.BROKERED, contact), training=True
        ),
        "dialog_grant_shield_request": DecisionDialog(
            samples.action(
                "shield_request", ShieldRequestStatus.GRANTED, samples.first_request("shield")
            ),
            training=True,
        ),
        "dialog_place_shield": ShieldStepDialog(
            samples.action("shield", ShieldEvent.PLACE), training=True
        ),
        "dialog_confirm_shield": ShieldStepDialog(
            samples.action("shield", ShieldEvent.CONFIRM, status[0]), training=True
        ),
        "dialog_propose_lift": ShieldStepDialog(
            samples.action("shield", ShieldEvent.PROPOSE_LIFT, status[0]), training=True
        ),
        "dialog_confirm_lift": ShieldStepDialog(
            samples.action("shield", ShieldEvent.CONFIRM_LIFT, status[1]), training=True
        ),
        "dialog_review_shield": ShieldStepDialog(
            samples.action("shield", ShieldEvent.RENEW, status[2], review=True), training=True
        ),
    }
    for name, dialog in cases.items():
        qtbot.addWidget(dialog)
        assert render(dialog, name).stat().st_size > 0
        dialog.withdraw()
