"""A child's access history for the management team (DESIGN.md 3.5, 3.6.1; issue 11):
every view of the child and every search that returned it, and every step of its shield's
life (placed, confirmed, lift proposed, lifted, renewed), newest first, from the audit log.

Only the management team of the child's responsible authority may see it. Roles without
the management right are refused (403, whatever the child); another authority's team, and
any ID the team may not see, get the answer an unknown child gets (404). Each entry says
when, who (user name and organisation), the action, the view level where there was one, and
the override reason code (never the justification, which stays in the audit log). Views that
were refused or showed nothing are not accesses and are left out. Asking is itself audited.

The audit rows hold the ContactPoint ID inside their JSON detail, so the database narrows
them by text and each candidate is parsed to confirm it; a per-child index of accesses would
let this scale past the reference directory (see the report of issue 11).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Engine, select

from contract.identity import USER_PREFIX, user_name
from contract.team_shapes import AccessEntryBody, AccessHistoryBody
from directory import audit, cpid, revalidation
from directory.actions.lookup import visible_child
from directory.actions.refusals import append_refusal, refused
from directory.auth.instants import stored, utc
from directory.errors import DirectoryError, NotAllowed, NotFound
from directory.schema import app_user, audit_log
from directory.shields import lifecycle
from directory.viewer import Role, Viewer
from directory.worklists.paging import check_page

ACTION = "access_history"
# Audit actions that show a child: where the ContactPoint ID is in their detail.
SINGLE = ("child_view", "override")  # detail["cp_id"], detail["level"]
LISTS = ("search", revalidation.ACTION)  # detail["returned"]: the IDs shown
# The steps of the child's shield (detail["cp_id"], no level): who shielded or unshielded
# the child is part of who acted on what others could see of them.
STEPS = (*lifecycle.ACTIONS.values(), lifecycle.REVIEW_ACTION)


def _entry(row: Any, cp_id: str) -> AccessEntryBody | None:
    detail = json.loads(row.detail)
    if "refused" in detail:
        return None
    if row.action in SINGLE:
        if detail.get("cp_id") != cp_id or detail.get("level") is None:
            return None
        level = detail["level"]
    elif row.action in STEPS:
        if detail.get("cp_id") != cp_id:
            return None
        level = None
    elif cp_id in (detail.get("returned") or ()):
        level = None
    else:
        return None
    return {
        "at": stored(row.at).isoformat(),
        "user": user_name(row.actor),
        "organisation": row.organisation_name,
        "action": row.action,
        "level": level,
        "override_reason": detail.get("reason_code") if row.action == "override" else None,
    }


def access_history(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    *,
    page: int = 1,
    page_size: int = 50,
    now: dt.datetime,
    correlation_id: str,
) -> AccessHistoryBody:
    moment = utc(now)
    record_id: str | None = None
    try:
        if Role.MANAGEMENT not in viewer.roles or viewer.local_authority is None:
            raise NotAllowed("Only the ContactPoint management team sees who looked at a child.")
        record_id = cpid.normalise(cp_id)
        check_page(page, page_size, "entries")
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, cp_id=record_id) from None
    with engine.begin() as conn:
        found = visible_child(conn, viewer, record_id, moment.date())
        if found is None or not viewer.manages(found.authority):
            refusal = NotFound("No record with that ContactPoint ID is available to you.")
            append_refusal(conn, viewer, ACTION, refusal, correlation_id, cp_id=record_id)
        else:
            rows = conn.execute(
                select(
                    audit_log.c.at,
                    audit_log.c.actor,
                    audit_log.c.action,
                    audit_log.c.detail,
                    app_user.c.organisation_name,
                )
                .outerjoin(app_user, USER_PREFIX + app_user.c.name == audit_log.c.actor)
                .where(
                    audit_log.c.action.in_(SINGLE + LISTS + STEPS),
                    audit_log.c.detail.contains(f'"{record_id}"'),
                )
                .order_by(audit_log.c.seq.desc())
            ).all()
            entries = [e for r in rows if (e := _entry(r, record_id)) is not None]
            shown = entries[(page - 1) * page_size : page * page_size]
            audit.append(
                conn,
                actor=viewer.user_id,
                action=ACTION,
                detail={"cp_id": record_id, "page": page, "returned": len(shown)},
                correlation_id=correlation_id,
                at=moment,
            )
            return {"entries": shown, "page": page, "page_size": page_size, "total": len(entries)}
    raise refusal
