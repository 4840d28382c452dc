"""The override gate: nothing is possible until a reason is chosen, the directory's rule is met
exactly, and a PIN is typed; the draft carries a fresh PIN buffer and the field is emptied."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.login import PinPrompt
from desktop.override.flow import JustificationRequest
from desktop.requests import JustificationRule, OverrideDraft, OverrideReason
from tests.ui.keyboard import tab_stops
from tests.ui.modal import answer_modal
from tests.ui.prompts import pin_prompt
from tests.ui.render import render
from ui.justification_dialog import JustificationDialog
from ui.training_banner import TrainingBanner

REASONS = (
    OverrideReason("immediate_risk_of_harm", "The child is at immediate risk of significant harm"),
    OverrideReason("missing_child", "The child is missing"),
)
# Small numbers so that the boundary is easy to type exactly.
RULE = JustificationRule(
    "Write at least 20 characters and 4 different words.", min_characters=20, min_words=4
)
EXACT = "alpha beta gamma dx1"  # 20 characters; alpha, beta, gamma, dx: 4 words
GOOD = "Synthetic child missing since Monday; police need the school"


def dialog_for(
    qtbot: QtBot, prompt: PinPrompt | None = None, *, training: bool = False
) -> JustificationDialog:
    dialog = JustificationDialog(
        REASONS, RULE, prompt or pin_prompt(purpose="override"), training=training
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pin_field(dialog: JustificationDialog) -> QLineEdit:
    field = dialog.pin_entry.pin_field
    assert field is not None
    return field


def fill(
    dialog: JustificationDialog, text: str = GOOD, pin: str = "271828", reason: int = 1
) -> None:
    dialog.reason.setCurrentIndex(reason)
    dialog.justification.setPlainText(text)
    pin_field(dialog).setText(pin)


def visible_texts(dialog: JustificationDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]


def test_it_shows_the_reasons_with_none_chosen_the_rule_and_the_warning(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    assert dialog.windowTitle() == "ContactPoint — override a shield"
    assert dialog.reason.currentIndex() == -1
    assert [dialog.reason.itemData(i) for i in range(dialog.reason.count())] == [
        "immediate_risk_of_harm",
        "missing_child",
    ]
    texts = visible_texts(dialog)
    assert RULE.text in texts
    warning = next(text for text in texts if "management team" in text)
    assert "recorded" in warning and "alerted at once" in warning and "check this access" in warning
    assert dialog.counter_text == "0 of 20 characters, 0 of 4 different words"
    assert not dialog.submit_button.isEnabled()
    assert dialog.findChild(TrainingBanner) is None


def test_the_counter_follows_the_text(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    qtbot.keyClicks(dialog.justification, "Police  police need")
    # The double space counts once, as the directory counts it.
    assert dialog.counter_text == "18 of 20 characters, 2 of 4 different words"


def test_the_button_waits_for_the_rule_exactly_at_its_boundary(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog, text=EXACT[:-1])  # 19 characters
    assert dialog.problems == ("Write 1 more character.",)
    assert not dialog.submit_button.isEnabled()
    qtbot.keyClicks(dialog.justification, EXACT[-1])  # the 20th
    assert dialog.problems == ()
    assert dialog.counter_text == "20 of 20 characters, 4 of 4 different words"
    assert dialog.submit_button.isEnabled()
    dialog.justification.setPlainText("alpha beta gamma 123")  # 20 characters, 3 words
    assert dialog.problems == ("Use 1 more different word.",)
    assert not dialog.submit_button.isEnabled()
    dialog.justification.setPlainText("alpha beta gamma ALPHA beta")  # repeats are one word
    assert not dialog.submit_button.isEnabled()


def test_the_button_waits_for_a_reason_and_a_pin(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    dialog.justification.setPlainText(GOOD)
    pin_field(dialog).setText("271828")
    assert not dialog.submit_button.isEnabled()  # no reason chosen
    dialog.reason.setCurrentIndex(0)
    assert dialog.submit_button.isEnabled()
    pin_field(dialog).setText("")
    assert not dialog.submit_button.isEnabled()  # no PIN


def test_typing_everything_submits_nothing(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    with qtbot.assertNotEmitted(dialog.submitted, wait=50):
        dialog.reason.setCurrentIndex(0)
        qtbot.keyClicks(dialog.justification, GOOD)
        qtbot.keyClicks(pin_field(dialog), "271828")
    assert dialog.isVisible()


def test_submit_hands_over_a_draft_with_a_fresh_pin_and_empties_the_field(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog, text=f"  {GOOD}\n")
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert sent.args is not None
    draft = sent.args[0]
    assert isinstance(draft, OverrideDraft)
    assert draft.reason_code == "missing_child"
    assert draft.justification == GOOD
    assert isinstance(draft.pin, bytearray) and draft.pin == bytearray(b"271828")
    assert pin_field(dialog).text() == ""
    assert not pin_field(dialog).isUndoAvailable()
    assert "271828" not in repr(draft) and "Synthetic" not in repr(draft)
    assert not dialog.isVisible()  # one override per dialog


def test_a_locked_card_keeps_the_button_disabled(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(purpose="override", locked=True))
    fill(dialog)
    assert any("PIN is locked" in text for text in dialog.pin_entry.warning_texts)
    assert not dialog.submit_button.isEnabled()


def test_the_final_try_is_shown_before_the_pin(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(purpose="override", final_try=True))
    assert any("Final try" in text for text in visible_texts(dialog))
    fill(dialog)
    assert dialog.submit_button.isEnabled()


def test_a_pin_pad_reader_needs_no_pin_field(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(purpose="override", pin_pad=True))
    assert dialog.pin_entry.pin_field is None
    assert dialog.findChildren(QLineEdit) == []
    assert any("reader's keypad" in text for text in visible_texts(dialog))
    dialog.reason.setCurrentIndex(0)
    assert not dialog.submit_button.isEnabled()  # the rule still applies
    dialog.justification.setPlainText(GOOD)
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert sent.args is not None
    assert sent.args[0].pin == bytearray()


def test_ask_returns_the_draft(qtbot: QtBot) -> None:
    dialog = JustificationDialog(REASONS, RULE, pin_prompt(purpose="override"))
    qtbot.addWidget(dialog)

    def complete() -> None:
        dialog.reason.setCurrentIndex(0)
        qtbot.keyClicks(dialog.justification, GOOD)
        qtbot.keyClicks(pin_field(dialog), "271828")
        qtbot.keyClick(pin_field(dialog), Qt.Key.Key_Return)

    draft = answer_modal(dialog, dialog.ask, complete)
    assert draft is not None
    assert (draft.reason_code, draft.justification) == ("immediate_risk_of_harm", GOOD)
    assert draft.pin == bytearray(b"271828")
    draft.wipe()
    assert draft.pin == bytearray(6)


def test_ask_returns_none_when_cancelled_and_forgets_the_pin(qtbot: QtBot) -> None:
    dialog = JustificationDialog(REASONS, RULE, pin_prompt(purpose="override"))
    qtbot.addWidget(dialog)

    def cancel() -> None:
        fill(dialog)
        qtbot.keyClick(dialog.justification, Qt.Key.Key_Escape)

    with qtbot.waitSignal(dialog.cancelled, timeout=1000):
        assert answer_modal(dialog, dialog.ask, cancel) is None
    assert pin_field(dialog).text() == ""


def test_tab_moves_from_reason_to_justification_to_pin_to_the_button(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    assert tab_stops(dialog.reason, 3) == [
        dialog.justification,
        pin_field(dialog),
        dialog.submit_button,
    ]
    # Tab leaves the justification rather than typing a tab into it.
    assert dialog.justification.tabChangesFocus()
    for widget in (dialog.reason, dialog.justification, pin_field(dialog), dialog.submit_button):
        assert widget.accessibleName()


def test_asked_again_the_form_is_as_it_was_and_only_the_pin_is_to_type(qtbot: QtBot) -> None:
    failure = "The PIN was not correct. A wrong PIN was entered recently: few tries are left."
    request = JustificationRequest(
        7,
        REASONS,
        RULE,
        pin_prompt(purpose="override", count_low=True, failure=failure),
        reason_code="missing_child",
        justification=GOOD,
    )
    dialog = JustificationDialog.for_request(request, training=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reason.currentData() == "missing_child"
    assert dialog.justification.toPlainText() == GOOD
    assert dialog.pin_entry.failure_text == failure
    assert dialog.focusWidget() is pin_field(dialog) and not dialog.submit_button.isEnabled()
    qtbot.keyClicks(pin_field(dialog), "271828")
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.keyClick(pin_field(dialog), Qt.Key.Key_Return)
    assert sent.args is not None and sent.args[0].justification == GOOD


def test_withdrawn_by_the_flow_it_empties_the_pin_and_emits_nothing(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    fill(dialog)
    with qtbot.assertNotEmitted(dialog.cancelled), qtbot.assertNotEmitted(dialog.submitted):
        dialog.withdraw()
    assert pin_field(dialog).text() == "" and not dialog.isVisible()


def test_render_justification_dialog(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, pin_prompt(purpose="override", count_low=True), training=True)
    dialog.reason.setCurrentIndex(1)
    dialog.justification.setPlainText("Synthetic child missing since Monday")
    assert dialog.windowTitle().endswith("TRAINING")
    assert render(dialog, "justification_dialog").exists()
