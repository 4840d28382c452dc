"""What the workspace's dialogs produce: plain values, checked once, here (as
desktop.requests does for the practitioner's dialogs).

Each draft checks itself against the rules the directory applies, so a dialog can build
one to find out what is still wrong and say so inline; the directory checks again. Notes
are the team's working text about a child: left out of every repr.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ShieldEvent,
    ShieldReason,
    ShieldRequestStatus,
)
from contract.limits import MAX_NOTE_CHARACTERS
from desktop.management.items import RequestKind
from desktop.requests import free_text

# The alert steps a person may take from each status (directory/actions/alerts.py's table).
ALERT_STEPS: dict[AlertStatus, tuple[AlertStatus, ...]] = {
    AlertStatus.OPEN: (AlertStatus.ACKNOWLEDGED, AlertStatus.CLOSED),
    AlertStatus.ACKNOWLEDGED: (AlertStatus.ESCALATED, AlertStatus.CLOSED),
    AlertStatus.ESCALATED: (AlertStatus.CLOSED,),
    AlertStatus.CLOSED: (),
}
ALERT_OUTCOMES: tuple[tuple[AlertOutcome, str], ...] = (
    (AlertOutcome.JUSTIFIED, "Justified"),
    (AlertOutcome.NOT_JUSTIFIED, "Not justified"),
    (AlertOutcome.REFERRED, "Referred"),
)
DECISIONS: dict[RequestKind, tuple[tuple[str, str], ...]] = {
    "contact": (
        (ContactRequestStatus.BROKERED, "Brokered"),
        (ContactRequestStatus.DECLINED, "Declined"),
    ),
    "shield": (
        (ShieldRequestStatus.GRANTED, "Grant: place the shield"),
        (ShieldRequestStatus.DECLINED, "Declined"),
    ),
}
_SHIELD_CODES = frozenset(ShieldReason)


def _note(value: str, missing: str) -> str:
    return free_text(value, "note", MAX_NOTE_CHARACTERS, missing)


@dataclass(frozen=True, slots=True)
class AlertStepDraft:
    """Acknowledge, escalate or close an alert; closing takes an outcome and a note."""

    status: AlertStatus
    outcome: AlertOutcome | None = None
    note: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.status is AlertStatus.OPEN:
            raise ValueError("An alert cannot be moved back to open.")
        if self.status is AlertStatus.CLOSED:
            if self.outcome is None:
                raise ValueError("Choose the outcome: justified, not justified or referred.")
            note = _note(self.note or "", "Write a note saying what was checked and found.")
            object.__setattr__(self, "note", note)
        elif self.outcome is not None:
            raise ValueError("Only closing an alert records an outcome.")
        elif self.note is not None and self.note.strip():
            object.__setattr__(self, "note", _note(self.note, ""))
        else:
            object.__setattr__(self, "note", None)


@dataclass(frozen=True, slots=True)
class DecisionDraft:
    """Broker or decline a contact request; grant or decline a shield request."""

    kind: RequestKind
    status: str
    note: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.status not in dict(DECISIONS[self.kind]):
            raise ValueError("Choose what was decided.")
        missing = "Write a note for the team saying what was done and why."
        object.__setattr__(self, "note", _note(self.note, missing))


@dataclass(frozen=True, slots=True)
class ShieldStepDraft:
    """One step in a shield's life. Placing (and granting) needs a reason and a note;
    renewing and proposing a lift from a review need a note; confirming needs nothing."""

    event: ShieldEvent
    reason_code: str | None = None
    note: str | None = field(default=None, repr=False)
    review: bool = False  # a six-monthly review (POST .../shield/reviews), not a bare step

    def __post_init__(self) -> None:
        if self.event in (ShieldEvent.PLACE, ShieldEvent.GRANT):
            if self.reason_code not in _SHIELD_CODES:
                raise ValueError("Choose the reason for the shield.")
            note = _note(self.note or "", "Write a note saying why the child is shielded.")
            object.__setattr__(self, "note", note)
        elif self.reason_code is not None:
            raise ValueError("Only placing a shield takes a reason.")
        if self.event is ShieldEvent.RENEW or self.review:
            if self.event not in (ShieldEvent.RENEW, ShieldEvent.PROPOSE_LIFT):
                raise ValueError("A review renews the shield or proposes its lift.")
            note = _note(self.note or "", "Write a note recording the review.")
            object.__setattr__(self, "note", note)
            object.__setattr__(self, "review", True)
