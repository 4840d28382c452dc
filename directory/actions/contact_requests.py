"""Ask the management team to broker contact (the route a shielded record offers, DESIGN.md 3.3).

Any role that reads children may ask, about any child they can see. The request is stored
for the child's responsible authority, whose management team passes the requester's details
on to the practitioners working with the child. The answer is a Receipt: a reference and a
sentence that names no authority and gives no phone number, so the shield holds.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from contract.limits import MAX_MESSAGE_CHARACTERS
from directory import cpid
from directory.actions.references import CONTACT_REQUEST, Receipt
from directory.actions.refusals import refused
from directory.actions.requests import file_request
from directory.actions.texts import free_text
from directory.auth.instants import utc
from directory.errors import DirectoryError, NotAllowed
from directory.team_schema import contact_request
from directory.viewer import Viewer

ACTION = "contact_request"
SENT = (
    "Your request has been sent to the ContactPoint management team responsible for this "
    "child. They will pass your details to the practitioners working with the child. "
    "Quote reference {reference} in any follow-up."
)


def request_contact(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    message: str,
    *,
    now: dt.datetime,
    correlation_id: str,
) -> Receipt:
    moment = utc(now)
    record_id: str | None = None
    try:
        if not viewer.reads_children:
            raise NotAllowed("Your role does not include asking for contact about a child.")
        record_id = cpid.normalise(cp_id)
        text = free_text(message, "message", MAX_MESSAGE_CHARACTERS)
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, cp_id=record_id) from None

    return file_request(
        engine,
        viewer,
        action=ACTION,
        cp_id=record_id,
        table=contact_request,
        reference_prefix=CONTACT_REQUEST,
        sent=SENT,
        values={"message": text},
        detail={},
        moment=moment,
        correlation_id=correlation_id,
    )
