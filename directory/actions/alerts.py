"""The management team's worklist of alerts (DESIGN.md 3.6, 3.6.1): list, acknowledge,
escalate, close.

Only the management team of the authority an alert belongs to sees it or changes it. Other
roles are refused (403); a management team asking for another authority's alert is told it
does not exist (404), like a handle that was never issued or is malformed. Alerts are named
by an opaque handle (directory.handles): their row ids were one sequence across every
authority, so the gaps showed how many overrides other authorities' children had.

An override alert carries the ContactPoint ID, the overrider's user id, the reason code and
times: no names and no addresses. The team looks the child up through the ordinary record
view, which is audited like any other. A fishing alert (directory.actions.fishing) carries
the user and the counts of their views, and no child at all: `cp_id` is null.

Status moves forward only: open -> acknowledged -> (escalated) -> closed, or open -> closed.
Closing needs an outcome (ALERT_OUTCOMES) and a note. Each alert carries its age and whether
it has been open longer than the team's target (DEFAULT_TARGET unless the directory's
settings say otherwise); a closed alert's age stops at its closing. The list can be
filtered by status. Listing is audited (which page, which filter, which references) and so
is each change (from, to, the outcome, whether a note was left).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, case, func, select, update

from contract.limits import MAX_NOTE_CHARACTERS
from directory import audit, handles
from directory.actions import fishing
from directory.actions.override import OVERRIDE_REASONS
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth.instants import stored, utc
from directory.errors import Conflict, DirectoryError, InvalidRequest, NotAllowed, NotFound
from directory.team_schema import ALERT_OUTCOMES, ALERT_STATUSES, alert
from directory.viewer import Role, Viewer

LIST, UPDATE = "alerts_list", "alert_update"
MAX_PAGE_SIZE = 100
NEXT_STATUSES = {
    "open": ("acknowledged", "closed"),
    "acknowledged": ("escalated", "closed"),
    "escalated": ("closed",),
    "closed": (),
}
# How long an alert may stay open before it is past the team's target (DESIGN.md 3.6.1).
DEFAULT_TARGET = dt.timedelta(hours=4)
_LABELS = {reason.code: reason.label for reason in OVERRIDE_REASONS}
_LABELS[fishing.REASON_CODE] = fishing.REASON_LABEL


@dataclass(frozen=True, slots=True)
class Alert:
    id: str  # the handle
    reference: str
    kind: str
    cp_id: str | None  # None for fishing: it names no child
    user_id: str
    reason_code: str
    counts: dict[str, Any] | None  # fishing only: how many views, the limit, since when
    created_at: dt.datetime
    status: str
    handled_by: str | None
    handled_at: dt.datetime | None
    note: str | None
    outcome: str | None
    age_seconds: int  # since it was raised: until now, or until it was closed
    past_target: bool  # open (not closed) for longer than the team's target

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "kind": self.kind,
            "cp_id": self.cp_id,
            "user_id": self.user_id,
            "reason_code": self.reason_code,
            "reason_label": _LABELS.get(self.reason_code, self.reason_code),
            "counts": self.counts,
            "created_at": self.created_at.isoformat(),
            "status": self.status,
            "handled_by": self.handled_by,
            "handled_at": None if self.handled_at is None else self.handled_at.isoformat(),
            "note": self.note,
            "outcome": self.outcome,
            "age_seconds": self.age_seconds,
            "past_target": self.past_target,
        }


@dataclass(frozen=True, slots=True)
class AlertPage:
    alerts: tuple[Alert, ...]
    page: int
    page_size: int
    total: int

    def as_json(self) -> dict[str, Any]:
        return {
            "alerts": [a.as_json() for a in self.alerts],
            "page": self.page,
            "page_size": self.page_size,
            "total": self.total,
        }


def _alert(row: Row[Any], now: dt.datetime, target: dt.timedelta) -> Alert:
    created = stored(row.created_at)
    closed = row.status == "closed" and row.handled_at is not None
    until = stored(row.handled_at) if closed else now
    age = max(until - created, dt.timedelta(0))
    return Alert(
        id=row.handle,
        reference=row.reference,
        kind=row.kind,
        cp_id=row.cp_id,
        user_id=row.user_id,
        reason_code=row.reason_code,
        counts=None if row.detail is None else json.loads(row.detail),
        created_at=stored(row.created_at),
        status=row.status,
        handled_by=row.handled_by,
        handled_at=None if row.handled_at is None else stored(row.handled_at),
        note=row.note,
        outcome=row.outcome,
        age_seconds=int(age.total_seconds()),
        past_target=not closed and age > target,
    )


def _team_of(viewer: Viewer) -> str:
    if Role.MANAGEMENT not in viewer.roles or viewer.local_authority is None:
        raise NotAllowed("Only a ContactPoint management team sees and handles alerts.")
    return viewer.local_authority


def list_alerts(
    engine: Engine,
    viewer: Viewer,
    *,
    page: int = 1,
    page_size: int = 50,
    status: str | None = None,
    target: dt.timedelta = DEFAULT_TARGET,
    now: dt.datetime,
    correlation_id: str,
) -> AlertPage:
    """One page of the viewer's authority's alerts (of one `status`, if given): open first,
    then newest first."""
    moment = utc(now)
    try:
        authority = _team_of(viewer)
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidRequest(f"Pages start at 1 and hold 1 to {MAX_PAGE_SIZE} alerts.")
        if status is not None and status not in ALERT_STATUSES:
            raise InvalidRequest(f"The status is one of {', '.join(ALERT_STATUSES)}.")
    except DirectoryError as exc:
        raise refused(engine, viewer, LIST, exc, correlation_id) from None
    with engine.begin() as conn:
        mine = alert.c.local_authority == authority
        if status is not None:
            mine = mine & (alert.c.status == status)
        total = int(conn.scalar(select(func.count()).select_from(alert).where(mine)) or 0)
        rows = conn.execute(
            select(alert)
            .where(mine)
            .order_by(
                case((alert.c.status == "open", 0), else_=1),
                alert.c.created_at.desc(),
                alert.c.id.desc(),
            )
            .limit(page_size)
            .offset((page - 1) * page_size)
        ).all()
        found = tuple(_alert(row, moment, target) for row in rows)
        audit.append(
            conn,
            actor=viewer.user_id,
            action=LIST,
            detail={
                "local_authority": authority,
                "page": page,
                "status": status,
                "returned": [a.reference for a in found],
            },
            correlation_id=correlation_id,
            at=moment,
        )
    return AlertPage(found, page, page_size, total)


def _changeable(conn: Connection, authority: str, handle: str | None, status: str) -> Row[Any]:
    row = None
    if handle is not None:
        row = conn.execute(
            select(alert)
            .where(alert.c.handle == handle, alert.c.local_authority == authority)
            .with_for_update()
        ).first()
    if row is None:
        raise NotFound("There is no alert with that id for your authority.")
    if status not in NEXT_STATUSES[row.status]:
        raise Conflict(
            f"An alert that is {row.status} cannot become {status}; "
            "alerts move from open to acknowledged to closed."
        )
    return row


def update_alert(
    engine: Engine,
    viewer: Viewer,
    alert_id: str,
    *,
    status: str,
    note: str | None,
    outcome: str | None = None,
    target: dt.timedelta = DEFAULT_TARGET,
    now: dt.datetime,
    correlation_id: str,
) -> Alert:
    """Acknowledge, escalate or close one of the authority's alerts (`alert_id`: its
    handle); closing needs an `outcome` and a note."""
    moment = utc(now)
    handle = handles.parse(alert_id)
    try:
        authority = _team_of(viewer)
        if status not in ALERT_STATUSES:
            raise InvalidRequest(f"The status is one of {', '.join(ALERT_STATUSES)}.")
        text = None if note is None else free_text(note, "note", MAX_NOTE_CHARACTERS)
        if status == "closed" and (outcome not in ALERT_OUTCOMES or text is None):
            raise InvalidRequest(
                f"Closing an alert needs an outcome ({', '.join(ALERT_OUTCOMES)}) and a note."
            )
        if status != "closed" and outcome is not None:
            raise InvalidRequest("Only closing an alert records an outcome.")
    except DirectoryError as exc:
        raise refused(engine, viewer, UPDATE, exc, correlation_id, alert=handle) from None
    with engine.begin() as conn:
        try:
            row = _changeable(conn, authority, handle, status)
        except DirectoryError as exc:
            append_refusal(conn, viewer, UPDATE, exc, correlation_id, alert=handle)
            refusal = exc
        else:
            values: dict[str, Any] = {
                "status": status,
                "handled_by": viewer.user_id,
                "handled_at": moment,
            }
            if text is not None:
                values["note"] = text
            if outcome is not None:
                values["outcome"] = outcome
            conn.execute(update(alert).where(alert.c.id == row.id).values(**values))
            audit.append(
                conn,
                actor=viewer.user_id,
                action=UPDATE,
                detail={
                    "alert": row.reference,
                    "from": row.status,
                    "to": status,
                    "outcome": outcome,
                    "note": text is not None,
                },
                correlation_id=correlation_id,
                at=moment,
            )
            return _reloaded(conn, row.id, moment, target)
    raise refusal


def _reloaded(conn: Connection, row_id: int, now: dt.datetime, target: dt.timedelta) -> Alert:
    row = conn.execute(select(alert).where(alert.c.id == row_id)).one()
    return _alert(row, now, target)
