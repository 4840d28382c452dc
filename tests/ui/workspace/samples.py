"""Worklist pages as the directory sends them, read by the client's own readers.

Every sample is a JSON body of the documented shape (contract/shapes.py) parsed with
sync.worklist_models, so the widgets are tested on the values the flows will hand them.
Names are synthetic and obviously so ("Zz..."); the ContactPoint IDs are made up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from contract.codes import ShieldEvent, ShieldPhase
from desktop import ActionRequest, ShieldReasonItem, SignedInUser
from sync.worklist_models import (
    AccessEntry,
    Alert,
    Page,
    ShieldStatus,
    WorkRequest,
    read_access_page,
    read_alert_page,
    read_request_page,
    read_review_page,
)

CHILD_A, CHILD_B, CHILD_C = "900000000011", "900000000029", "900000000037"
RAISED = "2026-12-03T06:10:00+00:00"
MESSAGE = (
    "I am Zz Nurse at Zzschool; please ask the health visitor to ring me on 0161 496 0002 "
    "about the hearing test the child missed, which the family asked us to follow up."
)
REASONS = (
    ShieldReasonItem("domestic_violence", "Domestic violence"),
    ShieldReasonItem("witness_protection", "Witness protection"),
)


def _page(key: str, items: list[dict[str, Any]], page: int = 1, total: int | None = None) -> Any:
    return {
        key: items,
        "page": page,
        "page_size": 50,
        "total": len(items) if total is None else total,
    }


def alert_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "al-1",
        "reference": "OVR-ZZ0001",
        "kind": "override",
        "cp_id": CHILD_A,
        "user_id": "user:zz-social-worker",
        "reason_code": "immediate_risk_of_harm",
        "reason_label": "Immediate risk of harm",
        "created_at": RAISED,
        "status": "open",
        "handled_by": None,
        "handled_at": None,
        "note": None,
        "outcome": None,
        "age_seconds": 5 * 3600 + 12 * 60,
        "past_target": True,
    }
    body.update(changes)
    return body


def alerts() -> Page[Alert]:
    return read_alert_page(
        _page(
            "alerts",
            [
                alert_body(),
                alert_body(
                    id="al-2",
                    reference="VOL-ZZ0002",
                    kind="view_volume",
                    cp_id=None,
                    user_id="user:zz-teacher",
                    reason_code="daily_view_limit",
                    reason_label="More record views in a day than the limit",
                    status="acknowledged",
                    handled_by="user:zz-manager",
                    handled_at="2026-12-03T07:00:00+00:00",
                    age_seconds=40 * 60,
                    past_target=False,
                ),
                alert_body(
                    id="al-3",
                    reference="OVR-ZZ0003",
                    cp_id=CHILD_B,
                    status="closed",
                    outcome="justified",
                    note="Zz checked with the social worker: a strategy meeting.",
                    handled_by="user:zz-manager",
                    handled_at="2026-12-02T16:00:00+00:00",
                    age_seconds=26 * 3600,
                    past_target=False,
                ),
            ],
        )
    )


def request_body(kind: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"{kind}-1",
        "reference": "CR-ZZ0001" if kind == "contact" else "SR-ZZ0001",
        "cp_id": CHILD_A,
        "created_at": RAISED,
        "status": "open",
        "decided_at": None,
        "message": MESSAGE if kind == "contact" else None,
        "reason_category": None if kind == "contact" else "domestic_violence",
        "note": None if kind == "contact" else "Zz mother fled to a refuge with the child.",
        "requester": "user:zz-nurse",
        "decided_by": None,
        "decision_note": None,
    }
    body.update(changes)
    return body


def requests(kind: Any) -> Page[WorkRequest]:
    done = "brokered" if kind == "contact" else "granted"
    return read_request_page(kind)(
        _page(
            "requests",
            [
                request_body(kind),
                request_body(
                    kind,
                    id=f"{kind}-2",
                    reference="CR-ZZ0002" if kind == "contact" else "SR-ZZ0002",
                    cp_id=CHILD_B,
                    status=done,
                    decided_at="2026-12-02T15:00:00+00:00",
                    decided_by="user:zz-manager",
                    decision_note="Zz passed on to the health visitor.",
                ),
            ],
        )
    )


def own_requests(kind: Any) -> Page[WorkRequest]:
    """What the requester gets: status and time, never the decider or the note."""
    page = requests(kind)
    hidden = {"requester": None, "decided_by": None, "decision_note": None}
    items = tuple(dataclasses.replace(item, **hidden) for item in page.items)
    return Page(items, page.page, page.page_size, page.total)


def shield_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "cp_id": CHILD_A,
        "state": "unconfirmed",
        "shielded": True,
        "reason_code": "domestic_violence",
        "placed_by": "user:zz-shield-officer",
        "placed_on": "2026-12-01",
        "next_review": "2027-06-01",
        "confirmed_by": None,
        "confirmed_on": None,
        "lift_proposed_by": None,
        "lift_proposed_on": None,
        "due": ["unconfirmed"],
    }
    body.update(changes)
    return body


def reviews() -> Page[ShieldStatus]:
    return read_review_page(
        _page(
            "shields",
            [
                shield_body(),
                shield_body(
                    cp_id=CHILD_B,
                    state="lift_pending",
                    placed_on="2026-05-01",
                    next_review="2026-11-01",
                    confirmed_by="user:zz-shield-officer-2",
                    confirmed_on="2026-05-02",
                    lift_proposed_by="user:zz-shield-officer",
                    lift_proposed_on="2026-12-02",
                    due=["lift_pending", "overdue"],
                ),
                shield_body(
                    cp_id=CHILD_C,
                    state="confirmed",
                    placed_on="2026-06-20",
                    next_review="2026-12-20",
                    confirmed_by="user:zz-shield-officer-2",
                    confirmed_on="2026-06-21",
                    due=["due"],
                ),
            ],
        )
    )


def actions_for(status: ShieldStatus) -> tuple[tuple[ShieldEvent, bool], ...]:
    """A stand-in for the shield machine: what the team could do in each phase."""
    if status.state is ShieldPhase.UNCONFIRMED:
        return ((ShieldEvent.CONFIRM, False), (ShieldEvent.PROPOSE_LIFT, False))
    if status.state is ShieldPhase.LIFT_PENDING:
        return ((ShieldEvent.CONFIRM_LIFT, False),)
    return ((ShieldEvent.RENEW, True), (ShieldEvent.PROPOSE_LIFT, True))


def access(page: int = 1, total: int = 60) -> Page[AccessEntry]:
    entries = [
        {
            "at": "2026-12-03T08:01:00+00:00",
            "user": "user:zz-social-worker",
            "organisation": "Zz Children's Social Care",
            "action": "override",
            "level": "override",
            "override_reason": "immediate_risk_of_harm",
        },
        {
            "at": "2026-12-03T07:55:00+00:00",
            "user": "user:zz-teacher",
            "organisation": "Zzprimary School",
            "action": "child_view",
            "level": "shielded",
            "override_reason": None,
        },
        {
            "at": "2026-12-03T07:54:00+00:00",
            "user": "user:zz-teacher",
            "organisation": "Zzprimary School",
            "action": "search",
            "level": None,
            "override_reason": None,
        },
    ]
    return read_access_page(_page("entries", entries, page, total))


def action(
    kind: Any, step: Any, item: Any = None, *, ticket: int = 7, review: bool = False
) -> ActionRequest:
    cp_id = getattr(item, "cp_id", CHILD_A)
    return ActionRequest(ticket, kind, step, cp_id, item, review, REASONS)


def first_alert() -> Alert:
    return alerts().items[0]


def first_request(kind: Any) -> WorkRequest:
    return requests(kind).items[0]


MANAGER = SignedInUser("Zz Manager", "Zz Northtown ContactPoint team", ("management",), "E0000001")
NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
