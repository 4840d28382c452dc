"""Shield steps on a stored child (DESIGN.md 3.6.1): the machine, applied in one transaction.

    apply(engine, viewer, cp_id, event, reason=, note=, action=, now=, correlation_id=)
        -> ShieldStatus

The child is reached only through the shield projection (directory.actions.lookup): a child
the caller may not see at all, and another authority's child, are answered like an unknown
one (404). The machine (directory.shields.machine) decides everything else; this module
loads its input, stores its output, keeps the note (directory.team_schema.shield_note) and writes
the audit row in the same transaction. A refusal is audited and committed before it is
raised; audit rows carry codes, never the note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from contract.codes import ShieldDue, ShieldEvent
from contract.team_shapes import ShieldStatusBody
from directory import audit, cpid
from directory.actions.lookup import visible_child
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth.instants import utc
from directory.errors import DirectoryError, InvalidRequest, NotAllowed
from directory.schema import SHIELD_REASONS
from directory.shields import machine, store
from directory.shields.machine import ShieldState
from directory.team_schema import shield_note
from directory.viewer import Viewer

MAX_NOTE = 2000
ACTIONS = {event: f"shield_{event.value}" for event in ShieldEvent}
REVIEW_ACTION = "shield_review"  # a six-monthly review: renew, or propose the lift
PLACING = (ShieldEvent.PLACE, ShieldEvent.GRANT)


@dataclass(frozen=True, slots=True)
class ShieldStatus:
    """A child's shield as its authority's officers and team see it: no names, no address."""

    cp_id: str
    shield: ShieldState
    due: tuple[ShieldDue, ...]

    def as_json(self) -> ShieldStatusBody:
        s = self.shield

        def day(value: dt.date | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "cp_id": self.cp_id,
            "state": s.phase.value,
            "shielded": s.holds,
            "reason_code": s.reason,
            "placed_by": s.placed_by,
            "placed_on": day(s.placed_on),
            "next_review": day(s.review_date),
            "confirmed_by": s.confirmed_by,
            "confirmed_on": day(s.confirmed_on),
            "lift_proposed_by": s.lift_proposed_by,
            "lift_proposed_on": day(s.lift_proposed_on),
            "due": [d.value for d in self.due],
        }


def _checked(
    viewer: Viewer, cp_id: str, event: ShieldEvent, reason: str | None, note: str | None
) -> tuple[str, str | None]:
    if not viewer.roles & (machine.OFFICER | machine.TEAM):
        raise NotAllowed("Only shield officers and the management team work with shields.")
    record_id = cpid.normalise(cp_id)
    if event in PLACING and reason not in SHIELD_REASONS:
        raise InvalidRequest(f"The reason code is one of {', '.join(SHIELD_REASONS)}.")
    text = None if note is None else free_text(note, "note", MAX_NOTE)
    return record_id, text


def apply(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    event: ShieldEvent,
    *,
    reason: str | None = None,
    note: str | None = None,
    action: str | None = None,
    now: dt.datetime,
    correlation_id: str,
) -> ShieldStatus:
    """Send `event` about the child's shield as `viewer`; `action` names the audit row."""
    moment = utc(now)
    name = action or ACTIONS[event]
    try:
        record_id, text = _checked(viewer, cp_id, event, reason, note)
    except DirectoryError as exc:
        raise refused(engine, viewer, name, exc, correlation_id, event=event.value) from None
    with engine.begin() as conn:
        try:
            return step_in(
                conn, viewer, record_id, event, reason, text, name, moment, correlation_id
            )
        except DirectoryError as exc:
            append_refusal(
                conn, viewer, name, exc, correlation_id, cp_id=record_id, event=event.value
            )
            refusal = exc
    raise refusal


def step_in(
    conn: Connection,
    viewer: Viewer,
    record_id: str,
    event: ShieldEvent,
    reason: str | None,
    text: str | None,
    action: str,
    moment: dt.datetime,
    correlation_id: str,
) -> ShieldStatus:
    """One step inside the caller's transaction, audited as `action`; raises the refusal
    (the caller audits it). A worklist that grants a shield request uses this directly."""
    today = moment.date()
    found = visible_child(conn, viewer, record_id, today)
    # Unknown or invisible: no authority, so the machine answers 404 (or 403).
    machine.admit(viewer, event, "" if found is None else found.authority)
    assert found is not None
    before = store.read_for_update(conn, record_id)
    after = machine.step(before, event, viewer, found.authority, today, reason=reason)
    store.write(conn, record_id, after)
    if text is not None:
        conn.execute(
            shield_note.insert().values(
                cp_id=record_id, event=event.value, actor=viewer.user_id, at=moment, note=text
            )
        )
    audit.append(
        conn,
        actor=viewer.user_id,
        action=action,
        detail={
            "cp_id": record_id,
            "event": event.value,
            "from": before.phase.value,
            "to": after.phase.value,
            "reason_code": after.reason if event in PLACING else None,
            "note": text is not None,
        },
        correlation_id=correlation_id,
        at=moment,
    )
    return ShieldStatus(record_id, after, machine.due(after, today))
