"""Record views past the per-user limits, and the alert fishing raises (DESIGN.md 3.4, 3.6.1).

Every view of a child — `GET /v1/children/{cp_id}`, an override view, a cache
revalidation — asks `view_refusal` first, in the transaction that would do the work and
before the record is looked up, so that the answer never depends on whether the child
asked for exists or is hidden.

Going past the daily limit raises ONE alert per user per 24 hours (the first refusal past
it; the ones after find the `fishing_alert` audit row and add none) for the management
team of the USER's local authority, not of the children viewed:

* the children may belong to many authorities, and telling each of them would put
  children — which ones were looked at, and so which authority holds them — into alerts;
  the user's own authority needs no child to act on its own member of staff (talk to
  them, ask their manager, suspend the account);
* a user without an authority of their own (practitioners' roles are scoped to their
  organisation, DESIGN.md 3.2) is routed to the authority of their organisation
  (`organisation.local_authority`), whose team covers the area the organisation works in;
* a user with neither has no team to tell: the event is still audited (`fishing_alert`
  with no alert), so an auditor finds it, and the refusals hold anyway.

The alert carries the user and the counts (views, the limit, the window and when the
counted views began), never a child.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from directory import audit, handles
from directory.actions.references import FISHING_ALERT, new_reference
from directory.audit import canonical
from directory.errors import RateLimited
from directory.schema import organisation
from directory.team_schema import alert
from directory.usage_limits import DAY, MINUTE, VIEWS, Usage, UsageLimits, hold, usage
from directory.viewer import Viewer

ACTION = "fishing_alert"
REASON_CODE = "views_per_day"
REASON_LABEL = "More record views in 24 hours than the directory allows one user"
PER_MINUTE = "You have opened many records in the last minute; wait a moment and try again."
PER_DAY = (
    "You have opened as many records as the directory allows in 24 hours; you can open more "
    "later. If your work needs more, talk to your ContactPoint management team."
)


def view_refusal(
    conn: Connection,
    viewer: Viewer,
    limits: UsageLimits,
    now: dt.datetime,
    correlation_id: str,
) -> RateLimited | None:
    """The refusal for one more view by `viewer` now, or None if it is within the limits.

    Takes the user's lock (directory.usage_limits.hold) for the rest of the transaction;
    the caller writes its audit row (the view, or the refusal) in the same transaction, so
    the next request counts it. Past the daily limit, raises the fishing alert once.
    """
    hold(conn, viewer.user_id)
    day = usage(conn, viewer.user_id, VIEWS, now, DAY, limits.views_per_day)
    if day.count >= limits.views_per_day:
        _alert_once(conn, viewer, day, limits, now, correlation_id)
        return RateLimited(PER_DAY)
    minute = usage(conn, viewer.user_id, VIEWS, now, MINUTE, limits.views_per_minute)
    if minute.count >= limits.views_per_minute:
        return RateLimited(PER_MINUTE)
    return None


def _alert_once(
    conn: Connection,
    viewer: Viewer,
    day: Usage,
    limits: UsageLimits,
    now: dt.datetime,
    correlation_id: str,
) -> None:
    if usage(conn, viewer.user_id, (ACTION,), now, DAY, 1).count:
        return  # already raised in the last 24 hours
    counts = {
        "views": day.count,
        "views_per_day": limits.views_per_day,
        "window_hours": int(DAY.total_seconds() // 3600),
        "since": None if day.since is None else day.since.isoformat(),
    }
    authority = _authority_of(conn, viewer)
    reference = None
    if authority is not None:
        reference = new_reference(FISHING_ALERT)
        conn.execute(
            alert.insert().values(
                handle=handles.new_handle(),
                reference=reference,
                local_authority=authority,
                kind="fishing",
                cp_id=None,
                user_id=viewer.user_id,
                reason_code=REASON_CODE,
                detail=canonical(counts),
                created_at=now,
                status="open",
            )
        )
    audit.append(
        conn,
        actor=viewer.user_id,
        action=ACTION,
        detail={**counts, "local_authority": authority, "alert": reference},
        correlation_id=correlation_id,
        at=now,
    )


def _authority_of(conn: Connection, viewer: Viewer) -> str | None:
    """The authority whose team hears of this user: their own, else their organisation's."""
    if viewer.local_authority is not None:
        return viewer.local_authority
    if viewer.organisation_id is None:
        return None
    found = conn.scalar(
        select(organisation.c.local_authority).where(organisation.c.id == viewer.organisation_id)
    )
    return None if found is None else str(found)
