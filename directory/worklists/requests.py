"""Contact and shield requests, worked (DESIGN.md 3.6.1, issue 11).

    list_requests(engine, kind, viewer, page=, page_size=, status=, now=, correlation_id=)
    decide(engine, kind, viewer, handle, status=, note=, now=, correlation_id=)

Who sees what:

* the deciders of the child's responsible authority (CONTACT: the management team; SHIELD:
  its shield officers and the team) see the authority's requests with the requester, what
  they wrote and how each was decided, and decide the open ones with a note;
* anyone else who reads children sees their own requests: the reference, the child's ID
  (which they gave), what they asked, the status and when it was decided — never the
  decider or the decider's note, which may speak of what the shield hides;
* helpdesk and administrators are refused (403).

Another authority's request answers exactly like an unknown or malformed id (404). Granting
a shield request places the shield through the lifecycle machine (ShieldEvent.GRANT, in the same
transaction): a child already shielded is a 409 and the request stays open. Every list and
decision is audited; refusals are audited before they are raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, Table, func, select, update

from contract.codes import ShieldEvent
from directory import audit, handles
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth.instants import stored, utc
from directory.errors import Conflict, DirectoryError, InvalidRequest, NotAllowed, NotFound
from directory.shields.lifecycle import step_in
from directory.shields.machine import OFFICER, TEAM
from directory.team_schema import contact_request, shield_request
from directory.viewer import Role, Viewer
from directory.worklists.paging import MAX_PAGE_SIZE, check_page

__all__ = ["CONTACT", "MAX_PAGE_SIZE", "SHIELD", "Kind", "decide", "list_requests"]

MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class Kind:
    noun: str
    table: Table
    deciders: frozenset[Role]
    outcomes: tuple[str, ...]
    asked: tuple[str, ...]  # the requester's own columns, shown to them and to the deciders

    @property
    def list_action(self) -> str:
        return f"{self.noun}s_list"

    @property
    def update_action(self) -> str:
        return f"{self.noun}_update"


CONTACT = Kind("contact_request", contact_request, TEAM, ("brokered", "declined"), ("message",))
SHIELD = Kind(
    "shield_request",
    shield_request,
    OFFICER | TEAM,
    ("granted", "declined"),
    ("reason_category", "note"),
)
STATUSES = {CONTACT.noun: ("open", *CONTACT.outcomes), SHIELD.noun: ("open", *SHIELD.outcomes)}


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else stored(value).isoformat()


def as_json(kind: Kind, row: Row[Any], deciding: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": row.handle,
        "reference": row.reference,
        "cp_id": row.cp_id,
        "created_at": _iso(row.created_at),
        "status": row.status,
        "decided_at": _iso(row.handled_at),
        **{column: getattr(row, column) for column in kind.asked},
    }
    if deciding:
        item.update(
            requester=row.user_id, decided_by=row.handled_by, decision_note=row.decision_note
        )
    return item


def _decider_of(kind: Kind, viewer: Viewer) -> str | None:
    if viewer.roles & kind.deciders and viewer.local_authority is not None:
        return viewer.local_authority
    return None


def list_requests(
    engine: Engine,
    kind: Kind,
    viewer: Viewer,
    *,
    page: int = 1,
    page_size: int = 50,
    status: str | None = None,
    now: dt.datetime,
    correlation_id: str,
) -> dict[str, Any]:
    """One page, newest first: the authority's requests for its deciders, else one's own."""
    moment = utc(now)
    authority = _decider_of(kind, viewer)
    try:
        if authority is None and not viewer.reads_children:
            raise NotAllowed("Your role does not include requests about children.")
        check_page(page, page_size, "requests")
        if status is not None and status not in STATUSES[kind.noun]:
            raise InvalidRequest(f"The status is one of {', '.join(STATUSES[kind.noun])}.")
    except DirectoryError as exc:
        raise refused(engine, viewer, kind.list_action, exc, correlation_id) from None
    t = kind.table
    scope = t.c.local_authority == authority if authority else t.c.user_id == viewer.user_id
    if status is not None:
        scope = scope & (t.c.status == status)
    with engine.begin() as conn:
        total = int(conn.scalar(select(func.count()).select_from(t).where(scope)) or 0)
        rows = conn.execute(
            select(t)
            .where(scope)
            .order_by(t.c.created_at.desc(), t.c.id.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        ).all()
        audit.append(
            conn,
            actor=viewer.user_id,
            action=kind.list_action,
            detail={
                "local_authority": authority,
                "own": authority is None,
                "page": page,
                "status": status,
                "returned": [r.reference for r in rows],
            },
            correlation_id=correlation_id,
            at=moment,
        )
    return {
        "requests": [as_json(kind, r, authority is not None) for r in rows],
        "page": page,
        "page_size": page_size,
        "total": total,
    }


def _open_request(conn: Connection, kind: Kind, authority: str, handle: str | None) -> Row[Any]:
    t = kind.table
    row = None
    if handle is not None:
        row = conn.execute(
            select(t)
            .where(t.c.handle == handle, t.c.local_authority == authority)
            .with_for_update()
        ).first()
    if row is None:
        raise NotFound(
            f"There is no {kind.noun.replace('_', ' ')} with that id for your authority."
        )
    if row.status != "open":
        raise Conflict(f"This request is already {row.status}.")
    return row


def decide(
    engine: Engine,
    kind: Kind,
    viewer: Viewer,
    request_id: str,
    *,
    status: str,
    note: str,
    now: dt.datetime,
    correlation_id: str,
) -> dict[str, Any]:
    """Decide one of the authority's open requests (`request_id`: its handle), with a note."""
    moment = utc(now)
    handle = handles.parse(request_id)
    try:
        authority = _decider_of(kind, viewer)
        if authority is None:
            raise NotAllowed("Your role does not include deciding these requests.")
        if status not in kind.outcomes:
            raise InvalidRequest(f"The status is one of {', '.join(kind.outcomes)}.")
        text = free_text(note, "note", MAX_NOTE)
    except DirectoryError as exc:
        raise refused(engine, viewer, kind.update_action, exc, correlation_id) from None
    with engine.begin() as conn:
        try:
            row = _open_request(conn, kind, authority, handle)
            if kind is SHIELD and status == "granted":
                step_in(
                    conn,
                    viewer,
                    row.cp_id,
                    ShieldEvent.GRANT,
                    row.reason_category,
                    text,
                    "shield_grant",
                    moment,
                    correlation_id,
                )
        except DirectoryError as exc:
            append_refusal(conn, viewer, kind.update_action, exc, correlation_id)
            refusal = exc
        else:
            t = kind.table
            conn.execute(
                update(t)
                .where(t.c.id == row.id)
                .values(
                    status=status, handled_by=viewer.user_id, handled_at=moment, decision_note=text
                )
            )
            audit.append(
                conn,
                actor=viewer.user_id,
                action=kind.update_action,
                detail={"reference": row.reference, "from": row.status, "to": status, "note": True},
                correlation_id=correlation_id,
                at=moment,
            )
            done = conn.execute(select(t).where(t.c.id == row.id)).one()
            return as_json(kind, done, deciding=True)
    raise refusal
