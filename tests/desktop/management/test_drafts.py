"""desktop.management.drafts: each rule the workspace's dialogs check, by its sentence."""

from __future__ import annotations

from typing import Any

import pytest

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ShieldEvent,
    ShieldRequestStatus,
)
from contract.limits import MAX_NOTE_CHARACTERS
from desktop.management.drafts import (
    ALERT_OUTCOMES,
    ALERT_STEPS,
    DECISIONS,
    AlertStepDraft,
    DecisionDraft,
    ShieldStepDraft,
)

NOTE = "Zzchecked with the practitioner's manager."
TOO_LONG = "x" * (MAX_NOTE_CHARACTERS + 1)

REFUSED: list[tuple[str, Any, dict[str, Any], str]] = [
    ("alert back to open", AlertStepDraft, {"status": AlertStatus.OPEN}, "moved back to open"),
    (
        "close without outcome",
        AlertStepDraft,
        {"status": AlertStatus.CLOSED, "note": NOTE},
        "Choose the outcome",
    ),
    (
        "close without note",
        AlertStepDraft,
        {"status": AlertStatus.CLOSED, "outcome": AlertOutcome.REFERRED, "note": "  "},
        "Write a note saying what was checked",
    ),
    (
        "close with a long note",
        AlertStepDraft,
        {"status": AlertStatus.CLOSED, "outcome": AlertOutcome.REFERRED, "note": TOO_LONG},
        f"at most {MAX_NOTE_CHARACTERS} characters",
    ),
    (
        "outcome without closing",
        AlertStepDraft,
        {"status": AlertStatus.ACKNOWLEDGED, "outcome": AlertOutcome.JUSTIFIED},
        "Only closing an alert records an outcome",
    ),
    (
        "decision not on the list",
        DecisionDraft,
        {"kind": "contact", "status": ShieldRequestStatus.GRANTED, "note": NOTE},
        "Choose what was decided",
    ),
    (
        "decision without note",
        DecisionDraft,
        {"kind": "shield", "status": ShieldRequestStatus.DECLINED, "note": ""},
        "Write a note for the team",
    ),
    (
        "place without reason",
        ShieldStepDraft,
        {"event": ShieldEvent.PLACE, "note": NOTE},
        "Choose the reason",
    ),
    (
        "place with an unknown reason",
        ShieldStepDraft,
        {"event": ShieldEvent.PLACE, "reason_code": "curiosity", "note": NOTE},
        "Choose the reason",
    ),
    (
        "place without note",
        ShieldStepDraft,
        {"event": ShieldEvent.PLACE, "reason_code": "domestic_violence"},
        "Write a note saying why the child is shielded",
    ),
    (
        "reason to confirm",
        ShieldStepDraft,
        {"event": ShieldEvent.CONFIRM, "reason_code": "domestic_violence"},
        "Only placing a shield takes a reason",
    ),
    ("renew without note", ShieldStepDraft, {"event": ShieldEvent.RENEW}, "recording the review"),
    (
        "review that confirms",
        ShieldStepDraft,
        {"event": ShieldEvent.CONFIRM, "review": True, "note": NOTE},
        "renews the shield or proposes its lift",
    ),
    (
        "review lift without note",
        ShieldStepDraft,
        {"event": ShieldEvent.PROPOSE_LIFT, "review": True},
        "recording the review",
    ),
]


@pytest.mark.parametrize(
    ("kind", "values", "sentence"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_each_rule_says_what_is_wrong(kind: Any, values: dict[str, Any], sentence: str) -> None:
    with pytest.raises(ValueError, match=sentence):
        kind(**values)


def test_valid_drafts_are_kept_tidy() -> None:
    closed = AlertStepDraft(AlertStatus.CLOSED, AlertOutcome.JUSTIFIED, f"  {NOTE}  ")
    assert closed.note == NOTE
    assert AlertStepDraft(AlertStatus.ACKNOWLEDGED, note="   ").note is None
    assert AlertStepDraft(AlertStatus.ESCALATED, note=NOTE).note == NOTE
    decided = DecisionDraft("contact", ContactRequestStatus.BROKERED, NOTE)
    assert decided.note == NOTE
    renewed = ShieldStepDraft(ShieldEvent.RENEW, note=NOTE)
    assert renewed.review  # renewing is always a review
    assert ShieldStepDraft(ShieldEvent.CONFIRM).note is None
    assert ShieldStepDraft(ShieldEvent.CONFIRM_LIFT).review is False


def test_notes_are_kept_out_of_every_repr() -> None:
    for draft in (
        AlertStepDraft(AlertStatus.CLOSED, AlertOutcome.REFERRED, NOTE),
        DecisionDraft("shield", ShieldRequestStatus.GRANTED, NOTE),
        ShieldStepDraft(ShieldEvent.PLACE, "witness_protection", NOTE),
    ):
        assert NOTE not in repr(draft)


def test_the_choices_the_dialogs_offer() -> None:
    assert ALERT_STEPS[AlertStatus.CLOSED] == ()
    assert AlertStatus.OPEN not in {s for steps in ALERT_STEPS.values() for s in steps}
    assert [code for code, _ in ALERT_OUTCOMES] == list(AlertOutcome)
    assert {code for code, _ in DECISIONS["contact"]} == {"brokered", "declined"}
    assert {code for code, _ in DECISIONS["shield"]} == {"granted", "declined"}
