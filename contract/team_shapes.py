"""The shapes of the management team's and shield officers' answers (DESIGN.md 3.6.1), as
TypedDicts: the alert worklist, the shield's life and its reviews, contact and shield
requests, a child's access history. Like contract.shapes (which names them too), the
directory's routes declare them as response models and the client reads them with
contract.reader (sync.worklist_models).

Items name a child by ContactPoint ID only, never by name. People are named by their
identity on the wire ("user:" + unique name, contract.identity). `NotRequired` marks a key
the directory leaves out for some callers rather than sending null: a request's decider, and
the decider's note, are for the deciders only.

No `from __future__ import annotations`, for the reason contract.shapes gives.
"""

from typing import Any, NotRequired, TypedDict

# --- Alerts ---------------------------------------------------------------------------------


class AlertBody(TypedDict):
    id: str
    reference: str
    kind: str
    cp_id: str | None  # None for an unusual volume of views: it names no child
    user_id: str
    reason_code: str
    reason_label: str
    counts: dict[str, Any] | None
    created_at: str
    status: str
    handled_by: str | None
    handled_at: str | None
    note: str | None
    outcome: str | None  # on close: justified, not_justified or referred
    age_seconds: int  # since it was raised: until now, or until it was closed
    past_target: bool  # not closed, and open longer than the team's target


class AlertPageBody(TypedDict):
    alerts: list[AlertBody]
    page: int
    page_size: int
    total: int


# --- The shield's life (contract.shield_machine) -------------------------------------------


class ShieldStatusBody(TypedDict):
    """Every shield step's answer, and a reviews item: no name, no address."""

    cp_id: str
    state: str  # contract.codes.ShieldPhase
    shielded: bool  # whether the shield holds: it does while a lift is pending
    reason_code: str | None
    placed_by: str | None
    placed_on: str | None
    next_review: str | None
    confirmed_by: str | None
    confirmed_on: str | None
    lift_proposed_by: str | None
    lift_proposed_on: str | None
    due: list[str]  # contract.codes.ShieldDue: why it is on the reviews list


class ShieldReviewsBody(TypedDict):
    shields: list[ShieldStatusBody]  # most urgent first
    page: int
    page_size: int
    total: int


class ShieldReasonBody(TypedDict):
    code: str  # contract.codes.ShieldReason
    label: str


class ShieldReasonsBody(TypedDict):
    reasons: list[ShieldReasonBody]


# --- Contact and shield requests, worked ----------------------------------------------------


class ContactRequestBody(TypedDict):
    """A contact request: its requester sees what they asked and how it stands."""

    id: str  # the handle PATCH /v1/contact-requests/{id} takes
    reference: str
    cp_id: str
    created_at: str
    status: str  # contract.codes.ContactRequestStatus
    decided_at: str | None
    message: str
    # The deciders' only (the team): who asked, who decided, and the decider's note.
    requester: NotRequired[str]
    decided_by: NotRequired[str | None]
    decision_note: NotRequired[str | None]


class ShieldRequestBody(TypedDict):
    """A shield request: its requester sees what they asked and how it stands."""

    id: str  # the handle PATCH /v1/shield-requests/{id} takes
    reference: str
    cp_id: str
    created_at: str
    status: str  # contract.codes.ShieldRequestStatus
    decided_at: str | None
    reason_category: str
    note: str  # the requester's
    # The deciders' only (shield officers and the team).
    requester: NotRequired[str]
    decided_by: NotRequired[str | None]
    decision_note: NotRequired[str | None]


class ContactRequestPageBody(TypedDict):
    requests: list[ContactRequestBody]  # newest first
    page: int
    page_size: int
    total: int


class ShieldRequestPageBody(TypedDict):
    requests: list[ShieldRequestBody]  # newest first
    page: int
    page_size: int
    total: int


# --- Who looked -----------------------------------------------------------------------------


class AccessEntryBody(TypedDict):
    """One view of the child, or one search that returned it."""

    at: str
    user: str
    organisation: str | None
    action: str  # the audit action: child_view, override, search, revalidate
    level: str | None  # the view level, for views and overrides
    override_reason: str | None  # the reason code, never the justification


class AccessHistoryBody(TypedDict):
    entries: list[AccessEntryBody]  # newest first
    page: int
    page_size: int
    total: int
