"""What can happen to one workspace action. Answers carry tickets: the directory's answers
the ticket of the question they answer (`ActionMachine.ticket`), the dialog's the ticket of
the ActionRequest it shows (`ActionMachine.dialog_ticket`); any other is late, and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.codes import ShieldPhase
from desktop.management.action_request import Action, ItemKind
from desktop.management.drafts import AlertStepDraft, DecisionDraft, ShieldStepDraft
from desktop.management.items import Alert, ShieldReasonItem, ShieldStatus, WorkRequest
from desktop.problems import Problem

Draft = AlertStepDraft | DecisionDraft | ShieldStepDraft
Result = Alert | WorkRequest | ShieldStatus


@dataclass(frozen=True, slots=True)
class Act:
    """The person picked `action` on an item (or, item None, on a record's shield)."""

    kind: ItemKind
    action: Action
    cp_id: str | None
    item: Alert | WorkRequest | ShieldStatus | None
    review: bool = False
    phase: ShieldPhase | None = None


@dataclass(frozen=True, slots=True)
class ReasonsLoaded:
    ticket: int
    reasons: tuple[ShieldReasonItem, ...]


@dataclass(frozen=True, slots=True)
class ReasonsUnavailable:
    ticket: int
    problem: Problem


@dataclass(frozen=True, slots=True)
class Submitted:
    """The dialog's draft (notes are left out of the drafts' reprs)."""

    ticket: int
    draft: Draft


@dataclass(frozen=True, slots=True)
class Done:
    """The directory did it; `result` is its answer (the item as it now is)."""

    ticket: int
    result: Result


@dataclass(frozen=True, slots=True)
class Refused:
    ticket: int
    problem: Problem


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The person gave up (the dialog's Cancel, Escape)."""

    ticket: int


@dataclass(frozen=True, slots=True)
class Stopped:
    """The session locked or ended (lock, sign-out, card removed)."""


ActionEvent = (
    Act | ReasonsLoaded | ReasonsUnavailable | Submitted | Done | Refused | Cancelled | Stopped
)
