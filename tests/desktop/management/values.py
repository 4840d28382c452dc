"""Worklist values for the workspace's tests: synthetic, built as sync reads them."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from contract.codes import (
    AlertStatus,
    ContactRequestStatus,
    ShieldPhase,
    ShieldRequestStatus,
)
from desktop.management.items import Alert, Page, RequestKind, ShieldStatus, WorkRequest
from desktop.problems import Problem, ProblemKind

AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
CP_ID = "12345678906"
_T = TypeVar("_T")

REFUSALS = {
    "422": Problem(ProblemKind.REFUSED, "Write a note.", "c-422", "invalid_request"),
    "422 body": Problem(ProblemKind.REFUSED, "Not the shape.", "c-422b", "invalid_body"),
    "403": Problem(ProblemKind.REFUSED, "Not allowed.", "c-403", "not_allowed"),
    "404": Problem(ProblemKind.REFUSED, "Not found.", "c-404", "not_found"),
    "409": Problem(ProblemKind.REFUSED, "Already confirmed.", "c-409", "conflict"),
    "unreachable": Problem(ProblemKind.UNREACHABLE, "The directory cannot be reached."),
}


def alert(n: int = 1, status: AlertStatus = AlertStatus.OPEN, cp_id: str | None = CP_ID) -> Alert:
    return Alert(
        id=f"al-{n}",
        reference=f"OVR-{n:04d}",
        kind="override" if cp_id else "view_volume",
        cp_id=cp_id,
        user_id="zz-override",
        reason_code="missing_child",
        reason_label="The child is missing",
        created_at=AT,
        status=status,
        handled_by=None,
        handled_at=None,
        note=None,
        outcome=None,
        age_seconds=600 * n,
        past_target=n > 20,
    )


def request(
    kind: RequestKind = "contact", n: int = 1, status: str = "open", cp_id: str = CP_ID
) -> WorkRequest:
    code = ContactRequestStatus(status) if kind == "contact" else ShieldRequestStatus(status)
    return WorkRequest(
        kind=kind,
        id=f"{kind}-{n}",
        reference=f"{'CR' if kind == 'contact' else 'SR'}-{n:04d}",
        cp_id=cp_id,
        created_at=AT,
        status=code,
        decided_at=None if status == "open" else AT,
        message="Zzsender asks for contact." if kind == "contact" else None,
        reason_category=None if kind == "contact" else "domestic_violence",
        note=None,
        requester="zz-practitioner",
        decided_by=None,
        decision_note=None,
    )


def shield(phase: ShieldPhase = ShieldPhase.UNCONFIRMED, cp_id: str = CP_ID) -> ShieldStatus:
    held = phase is not ShieldPhase.UNSHIELDED
    return ShieldStatus(
        cp_id=cp_id,
        state=phase,
        shielded=held,
        reason_code="domestic_violence" if held else None,
        placed_by="zz-officer-1" if held else None,
        placed_on=AT.date() if held else None,
        next_review=(AT + dt.timedelta(days=182)).date() if held else None,
        confirmed_by=None,
        confirmed_on=None,
        lift_proposed_by=None,
        lift_proposed_on=None,
        due=(),
    )


def page(*items: _T, total: int | None = None, page_size: int = 50) -> Page[_T]:
    return Page(tuple(items), 1, page_size, len(items) if total is None else total)


def empty() -> Page[Any]:
    return page()
