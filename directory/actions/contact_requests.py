"""Ask the management team to broker contact (the route a shielded record offers, DESIGN.md 3.3).

Any role that reads children may ask, about any child they can see. The request is stored
for the child's responsible authority, whose management team passes the requester's details
on to the practitioners working with the child. The answer is a Receipt: a reference and a
sentence that names no authority and gives no phone number, so the shield holds.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from directory import audit, cpid
from directory.actions.lookup import visible_child
from directory.actions.references import CONTACT_REQUEST, Receipt, new_reference
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth.instants import utc
from directory.errors import DirectoryError, NotAllowed, NotFound
from directory.schema import contact_request
from directory.viewer import Viewer

ACTION = "contact_request"
MAX_MESSAGE = 2000
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
        text = free_text(message, "message", MAX_MESSAGE)
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, cp_id=record_id) from None

    with engine.begin() as conn:
        found = visible_child(conn, viewer, record_id, moment.date())
        if found is None:
            refusal = NotFound("No record with that ContactPoint ID is available to you.")
            append_refusal(conn, viewer, ACTION, refusal, correlation_id, cp_id=record_id)
        else:
            reference = new_reference(CONTACT_REQUEST)
            conn.execute(
                contact_request.insert().values(
                    reference=reference,
                    cp_id=record_id,
                    local_authority=found.authority,
                    user_id=viewer.user_id,
                    message=text,
                    created_at=moment,
                    status="open",
                )
            )
            audit.append(
                conn,
                actor=viewer.user_id,
                action=ACTION,
                detail={"cp_id": record_id, "reference": reference},
                correlation_id=correlation_id,
                at=moment,
            )
            return Receipt(reference, SENT.format(reference=reference))
    raise refusal
