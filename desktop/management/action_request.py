"""What the workspace asks a dialog for: one action on one item, under a ticket.

The action flow (desktop.management.flow) emits one of these when a person picks an action;
the dialog shows it, builds the draft (desktop.management.drafts) and sends it back with
the same ticket, so that an answer to an action since cancelled, or to a session since
locked, is recognised as late and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from contract.codes import (
    AlertStatus,
    ContactRequestStatus,
    ShieldEvent,
    ShieldPhase,
    ShieldRequestStatus,
)
from desktop.management.items import Alert, ShieldReasonItem, ShieldStatus, WorkRequest

ItemKind = Literal["alert", "contact", "shield_request", "shield"]
Action = AlertStatus | ContactRequestStatus | ShieldRequestStatus | ShieldEvent


@dataclass(frozen=True, slots=True)
class ActionRequest:
    ticket: int
    kind: ItemKind
    action: Action  # an alert's next status, a request's decision, or a shield's event
    cp_id: str | None  # the child the action is about (None for a volume alert)
    item: Alert | WorkRequest | ShieldStatus | None  # None: a shield action from a record
    review: bool = False  # a shield's six-monthly review (renew, or propose the lift)
    reasons: tuple[ShieldReasonItem, ...] = ()  # the published shield reasons, to place
    # Where the shield stands, for a shield action from a record (item None): the phase
    # the record's shield block gave; None when the item says it, or for other kinds.
    phase: ShieldPhase | None = None
