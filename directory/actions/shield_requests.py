"""Ask for a child's record to be shielded (DESIGN.md 3.1, 3.2).

Any role that reads children may ask, about a child they can see that is not shielded yet
(every view says whether it is, so the 409 for an already shielded record tells nobody
anything new). The request is stored for the child's responsible authority, where its shield
officers decide; the answer is a Receipt that names no authority.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from contract.limits import MAX_NOTE_CHARACTERS
from directory import cpid
from directory.actions.lookup import Found
from directory.actions.references import SHIELD_REQUEST, Receipt
from directory.actions.refusals import refused
from directory.actions.requests import file_request, visible
from directory.actions.texts import free_text
from directory.auth.instants import utc
from directory.errors import Conflict, DirectoryError, InvalidRequest, NotAllowed
from directory.schema import SHIELD_REASONS
from directory.team_schema import shield_request
from directory.viewer import Viewer

ACTION = "shield_request"
SENT = (
    "Your request to shield this child's record has been sent to the ContactPoint "
    "management team responsible for the child. Quote reference {reference} in any follow-up."
)


def _shieldable(candidate: Found | None) -> Found:
    found = visible(candidate)
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
        text = free_text(note, "note", MAX_NOTE_CHARACTERS)
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, cp_id=record_id) from None

    return file_request(
        engine,
        viewer,
        action=ACTION,
        cp_id=record_id,
        table=shield_request,
        reference_prefix=SHIELD_REQUEST,
        sent=SENT,
        values={"reason_category": reason_category, "note": text},
        detail={"reason_category": reason_category},
        moment=moment,
        correlation_id=correlation_id,
        admit=_shieldable,
    )
