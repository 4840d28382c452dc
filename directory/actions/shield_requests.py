"""Ask for a child's record to be shielded (DESIGN.md 3.1, 3.2).

Any role that reads children may ask, about a child they can see that is not shielded yet
(every view says whether it is, so the 409 for an already shielded record tells nobody
anything new). The request is stored for the child's responsible authority, where its shield
officers decide; the answer is a Receipt that names no authority.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from directory import audit, cpid
from directory.actions.lookup import Found, visible_child
from directory.actions.references import SHIELD_REQUEST, Receipt, new_reference
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth.instants import utc
from directory.errors import Conflict, DirectoryError, InvalidRequest, NotAllowed, NotFound
from directory.schema import SHIELD_REASONS, shield_request
from directory.viewer import Viewer

ACTION = "shield_request"
MAX_NOTE = 2000
SENT = (
    "Your request to shield this child's record has been sent to the ContactPoint "
    "management team responsible for the child. Quote reference {reference} in any follow-up."
)


def _shieldable(found: Found | None) -> Found:
    if found is None:
        raise NotFound("No record with that ContactPoint ID is available to you.")
    if found.record.shield is not None:
        raise Conflict("This record is already shielded.")
    return found


def request_shield(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    reason_category: str,
    note: str,
    *,
    now: dt.datetime,
    correlation_id: str,
) -> Receipt:
    moment = utc(now)
    record_id: str | None = None
    try:
        if not viewer.reads_children:
            raise NotAllowed("Your role does not include asking for a shield.")
        record_id = cpid.normalise(cp_id)
        if reason_category not in SHIELD_REASONS:
            raise InvalidRequest(f"The reason category is one of {', '.join(SHIELD_REASONS)}.")
        text = free_text(note, "note", MAX_NOTE)
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, cp_id=record_id) from None

    with engine.begin() as conn:
        try:
            found = _shieldable(visible_child(conn, viewer, record_id, moment.date()))
        except DirectoryError as exc:
            append_refusal(conn, viewer, ACTION, exc, correlation_id, cp_id=record_id)
            refusal = exc
        else:
            reference = new_reference(SHIELD_REQUEST)
            conn.execute(
                shield_request.insert().values(
                    reference=reference,
                    cp_id=record_id,
                    local_authority=found.authority,
                    user_id=viewer.user_id,
                    reason_category=reason_category,
                    note=text,
                    created_at=moment,
                    status="open",
                )
            )
            audit.append(
                conn,
                actor=viewer.user_id,
                action=ACTION,
                detail={
                    "cp_id": record_id,
                    "reference": reference,
                    "reason_category": reason_category,
                },
                correlation_id=correlation_id,
                at=moment,
            )
            return Receipt(reference, SENT.format(reference=reference))
    raise refusal
