"""The shield's steps in their dialogs: placing needs a reason from the published list and
a note, confirming says whose shield from when, lifting says what happens, a review needs a
note; each by keyboard alone."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from contract.codes import ShieldEvent
from desktop import ShieldStepDraft
from tests.ui.texts import joined
from tests.ui.workspace import samples
from tests.ui.workspace.dialog_keys import DOWN, SPACE, TAB, focused, press, shown, type_text
from ui.workspace.shield_step_dialog import ShieldStepDialog


def test_placing_needs_a_reason_from_the_list_and_a_note(qtbot: QtBot) -> None:
    dialog = ShieldStepDialog(samples.action("shield", ShieldEvent.PLACE, ticket=5))
    shown(qtbot, dialog)
    text = joined(dialog)
    assert "takes effect at once" in text and "second shield officer" in text
    assert dialog.reason is not None and dialog.reason.currentIndex() == -1  # no default
    assert dialog.still_needed == "Choose the reason for the shield."
    assert focused() is dialog.reason
    press(qtbot, DOWN)  # the first published reason
    assert dialog.still_needed == "Write a note saying why the child is shielded."
    press(qtbot, TAB)
    type_text(qtbot, "Zz mother and child are in a refuge.")
    press(qtbot, TAB)
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        press(qtbot, SPACE)
    assert sent.args == [
        5,
        ShieldStepDraft(
            ShieldEvent.PLACE, "domestic_violence", "Zz mother and child are in a refuge."
        ),
    ]


def test_confirming_says_whose_shield_from_when_and_needs_nothing_typed(qtbot: QtBot) -> None:
    status = samples.reviews().items[0]
    dialog = ShieldStepDialog(samples.action("shield", ShieldEvent.CONFIRM, status))
    shown(qtbot, dialog)
    assert "placed by zz-shield-officer on 1 Dec 2026" in joined(dialog)
    assert focused() is dialog.ok_button
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        press(qtbot, SPACE)
    assert sent.args == [7, ShieldStepDraft(ShieldEvent.CONFIRM)]


def test_lifting_says_what_happens(qtbot: QtBot) -> None:
    status = samples.reviews().items[1]
    propose = ShieldStepDialog(samples.action("shield", ShieldEvent.PROPOSE_LIFT, status))
    confirm = ShieldStepDialog(samples.action("shield", ShieldEvent.CONFIRM_LIFT, status))
    shown(qtbot, propose)
    shown(qtbot, confirm)
    assert "stays in force until the management team confirms" in joined(propose)
    assert "sees the whole record again" in joined(confirm)
    assert "proposed by zz-shield-officer" in joined(confirm)


def test_a_review_needs_a_note(qtbot: QtBot) -> None:
    status = samples.reviews().items[2]
    dialog = ShieldStepDialog(samples.action("shield", ShieldEvent.RENEW, status, review=True))
    shown(qtbot, dialog)
    assert dialog.still_needed == "Write a note recording the review."
    assert "six months" in joined(dialog)
    found = "Zz: the risk remains, the family is still in hiding."
    type_text(qtbot, found)
    press(qtbot, TAB)
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        press(qtbot, SPACE)
    assert sent.args == [7, ShieldStepDraft(ShieldEvent.RENEW, None, found, review=True)]
