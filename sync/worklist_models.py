"""The management team's worklists as the client reads them (DESIGN.md 3.6.1).

Each answer of GET /v1/alerts, /v1/contact-requests, /v1/shield-requests,
/v1/shields/reviews and /v1/children/{cp_id}/access-history, and of the actions on their
items, read through contract.reader into frozen values: the desktop's worklist flows and
views take these and never a raw dict. A field of an unexpected shape is a ShapeError
naming the field (sync's client turns it into MalformedResponse), never a half-read item.

The items name a child by ContactPoint ID only; the IDs are shown in the worklists (the
team needs them) but, like any personal data, never go into a log or a window title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ShieldDue,
    ShieldPhase,
    ShieldRequestStatus,
)
from contract.identity import read_person, user_name
from contract.reader import Reader, ShapeError

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Page(Generic[_T]):
    """One page of a worklist, newest (or most urgent) first, and how many there are."""

    items: tuple[_T, ...]
    page: int
    page_size: int
    total: int

    @property
    def more(self) -> bool:
        return self.page * self.page_size < self.total


def _page(body: Any, name: str, key: str, read: Callable[[Reader], _T]) -> Page[_T]:
    r = Reader(body, name)
    page, page_size, total = r.number("page"), r.number("page_size"), r.number("total")
    if page < 1 or page_size < 1 or total < 0:
        raise ShapeError(f"'{name}' has an impossible page, page size or total.")
    return Page(r.items(key, read), page, page_size, total)


def _optional_code(r: Reader, key: str, kind: Any) -> Any:
    return r.code(key, kind) if r.present(key) else None


@dataclass(frozen=True, slots=True)
class Alert:
    """An override, or an unusual volume of views, for the team to work."""

    id: str  # the handle PATCH /v1/alerts/{id} takes
    reference: str  # OVR-..., what people quote
    kind: str  # "override" or "view_volume"
    cp_id: str | None  # None for a volume alert: it names no child
    user_id: str  # who overrode or viewed, by unique name
    reason_code: str
    reason_label: str
    created_at: dt.datetime
    status: AlertStatus
    handled_by: str | None
    handled_at: dt.datetime | None
    note: str | None
    outcome: AlertOutcome | None
    age_seconds: int
    past_target: bool

    @classmethod
    def read(cls, r: Reader) -> Alert:
        handled_at = r.instant("handled_at") if r.present("handled_at") else None
        return cls(
            id=r.text("id"),
            reference=r.text("reference"),
            kind=r.text("kind"),
            cp_id=r.optional_text("cp_id"),
            user_id=user_name(r.text("user_id")),
            reason_code=r.text("reason_code"),
            reason_label=r.text("reason_label"),
            created_at=r.instant("created_at"),
            status=r.code("status", AlertStatus),
            handled_by=read_person(r, "handled_by"),
            handled_at=handled_at,
            note=r.optional_text("note"),
            outcome=_optional_code(r, "outcome", AlertOutcome),
            age_seconds=r.number("age_seconds"),
            past_target=r.flag("past_target"),
        )

    @classmethod
    def from_json(cls, body: Any) -> Alert:
        return cls.read(Reader(body, "alert"))


def read_alert_page(body: Any) -> Page[Alert]:
    return _page(body, "alerts", "alerts", Alert.read)


RequestKind = Literal["contact", "shield"]


@dataclass(frozen=True, slots=True)
class WorkRequest:
    """A contact request or a shield request, as its decider or its requester sees it.

    `requester`, `decided_by` and `decision_note` come only to the deciders (the team, and
    for shield requests the shield officers); the requester sees status and time only.
    """

    kind: RequestKind
    id: str  # the handle PATCH /v1/{contact,shield}-requests/{id} takes
    reference: str
    cp_id: str
    created_at: dt.datetime
    status: ContactRequestStatus | ShieldRequestStatus
    decided_at: dt.datetime | None
    message: str | None  # contact requests: what the practitioner asked
    reason_category: str | None  # shield requests
    note: str | None  # shield requests: the requester's note
    requester: str | None
    decided_by: str | None
    decision_note: str | None

    @property
    def open(self) -> bool:
        return self.status == "open"

    @classmethod
    def reader(cls, kind: RequestKind) -> Callable[[Reader], WorkRequest]:
        def read(r: Reader) -> WorkRequest:
            status: ContactRequestStatus | ShieldRequestStatus = (
                r.code("status", ContactRequestStatus)
                if kind == "contact"
                else r.code("status", ShieldRequestStatus)
            )
            return cls(
                kind=kind,
                id=r.text("id"),
                reference=r.text("reference"),
                cp_id=r.text("cp_id"),
                created_at=r.instant("created_at"),
                status=status,
                decided_at=r.instant("decided_at") if r.present("decided_at") else None,
                message=r.optional_text("message"),
                reason_category=r.optional_text("reason_category"),
                note=r.optional_text("note"),
                requester=read_person(r, "requester"),
                decided_by=read_person(r, "decided_by"),
                decision_note=r.optional_text("decision_note"),
            )

        return read


def read_request_page(kind: RequestKind) -> Callable[[Any], Page[WorkRequest]]:
    return lambda body: _page(body, f"{kind} requests", "requests", WorkRequest.reader(kind))


def read_request(kind: RequestKind) -> Callable[[Any], WorkRequest]:
    return lambda body: WorkRequest.reader(kind)(Reader(body, f"{kind} request"))


@dataclass(frozen=True, slots=True)
class ShieldStatus:
    """A shield's place in its life: every shield action's answer, and a reviews item."""

    cp_id: str
    state: ShieldPhase
    shielded: bool  # whether the shield holds now (it holds while a lift is pending)
    reason_code: str | None
    placed_by: str | None
    placed_on: dt.date | None
    next_review: dt.date | None
    confirmed_by: str | None
    confirmed_on: dt.date | None
    lift_proposed_by: str | None
    lift_proposed_on: dt.date | None
    due: tuple[ShieldDue, ...]

    @classmethod
    def read(cls, r: Reader) -> ShieldStatus:
        due = r.texts("due")
        try:
            reasons = tuple(ShieldDue(d) for d in due)
        except ValueError:
            raise ShapeError("'due' is not a list of the documented codes.") from None
        return cls(
            cp_id=r.text("cp_id"),
            state=r.code("state", ShieldPhase),
            shielded=r.flag("shielded"),
            reason_code=r.optional_text("reason_code"),
            placed_by=read_person(r, "placed_by"),
            placed_on=r.optional_date("placed_on"),
            next_review=r.optional_date("next_review"),
            confirmed_by=read_person(r, "confirmed_by"),
            confirmed_on=r.optional_date("confirmed_on"),
            lift_proposed_by=read_person(r, "lift_proposed_by"),
            lift_proposed_on=r.optional_date("lift_proposed_on"),
            due=reasons,
        )

    @classmethod
    def from_json(cls, body: Any) -> ShieldStatus:
        return cls.read(Reader(body, "shield status"))


def read_review_page(body: Any) -> Page[ShieldStatus]:
    return _page(body, "shield reviews", "shields", ShieldStatus.read)


@dataclass(frozen=True, slots=True)
class ShieldReasonItem:
    code: str
    label: str

    @classmethod
    def read(cls, r: Reader) -> ShieldReasonItem:
        return cls(code=r.text("code"), label=r.text("label"))


def read_shield_reasons(body: Any) -> tuple[ShieldReasonItem, ...]:
    reasons = Reader(body, "shield reasons").items("reasons", ShieldReasonItem.read)
    if not reasons:
        raise ShapeError("'reasons' is empty: a shield needs a reason from the list.")
    return reasons


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One line of a child's access history: who saw the child, when and how."""

    at: dt.datetime
    user: str
    organisation: str | None
    action: str  # the audit action: child_view, override, search, revalidate, ...
    level: str | None  # the view level, for views and overrides
    override_reason: str | None

    @classmethod
    def read(cls, r: Reader) -> AccessEntry:
        return cls(
            at=r.instant("at"),
            user=user_name(r.text("user")),
            organisation=r.optional_text("organisation"),
            action=r.text("action"),
            level=r.optional_text("level"),
            override_reason=r.optional_text("override_reason"),
        )


def read_access_page(body: Any) -> Page[AccessEntry]:
    return _page(body, "access history", "entries", AccessEntry.read)
