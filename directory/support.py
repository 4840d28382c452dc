"""The helpdesk's correlation-id lookup (issue 13): why did this user's request fail?

A user quotes the correlation id of a refusal; the helpdesk asks the directory about it and
gets each request logged under it (directory.request_log) as contract.support_shapes
describes: route template, status, error code, duration, the user's organisation and roles,
the worker and the time. Never criteria, IDs returned, names or anything from a record: the
request log holds none of them, and the helpdesk sees no child, ever (directory.projection).

Only the helpdesk role may ask; anyone else is refused (403) whatever the id. A malformed
id is refused as malformed (400) and an unknown one answers 404. Every lookup, answered or
refused, is audited, naming the correlation id looked up (never the text of a malformed
one, which could be anything typed); the answer is sent only once its audit row commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, bindparam, select

from contract.support_shapes import CORRELATION_ID, SupportLookupBody, SupportRequestBody
from directory import audit
from directory.actions.refusals import append_refusal, refused
from directory.auth.instants import stored, utc
from directory.errors import DirectoryError, InvalidIdentifier, NotAllowed, NotFound
from directory.request_log import KEPT_DAYS, request_log
from directory.viewer import Role, Viewer

ACTION = "support_lookup"
# A busy client retrying one id could log many; the helpdesk needs the story, not all of it.
MAX_REQUESTS = 100
_FIND = (
    select(request_log)
    .where(request_log.c.correlation_id == bindparam("cid"))
    .order_by(request_log.c.at, request_log.c.id)
    .limit(MAX_REQUESTS)
)


def _body(row: Any) -> SupportRequestBody:
    return {
        "at": stored(row.at).isoformat(),
        "method": row.method,
        "route": row.route,
        "status": row.status,
        "error": row.error,
        "duration_ms": row.duration_ms,
        "organisation": row.organisation,
        "roles": row.roles.split(",") if row.roles else [],
        "worker": row.worker,
    }


def lookup(
    engine: Engine,
    viewer: Viewer,
    looked_up: str,
    *,
    now: dt.datetime,
    correlation_id: str,
) -> SupportLookupBody:
    """Every request logged under `looked_up`, oldest first; audited as `correlation_id`."""
    moment = utc(now)
    try:
        if Role.HELPDESK not in viewer.roles:
            raise NotAllowed("Only the helpdesk looks requests up by correlation id.")
        if not CORRELATION_ID.match(looked_up):
            raise InvalidIdentifier(
                "A correlation id is 8 to 64 letters, digits and hyphens; check what was read out."
            )
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, looked_up=None) from None
    with engine.begin() as conn:
        rows = conn.execute(_FIND, {"cid": looked_up}).all()
        if not rows:
            refusal = NotFound(
                "The directory has no request with that correlation id "
                f"(it keeps them {KEPT_DAYS} days)."
            )
            append_refusal(conn, viewer, ACTION, refusal, correlation_id, looked_up=looked_up)
        else:
            audit.append(
                conn,
                actor=viewer.user_id,
                action=ACTION,
                detail={"looked_up": looked_up, "returned": len(rows)},
                correlation_id=correlation_id,
                at=moment,
            )
            return {"correlation_id": looked_up, "requests": [_body(r) for r in rows]}
    raise refusal
