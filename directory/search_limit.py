"""Per-user search limits: the brake on fishing (DESIGN.md 3.4).

Counted from the audit log — every search and every refused search writes a row there —
so the limit holds across all API workers and survives restarts, and needs no second
store. The (actor, action, at) index makes the count a short range probe.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, func, select

from directory.schema import audit_log

# A practitioner looking for a child makes a handful of searches a minute; a script
# trawling the directory makes hundreds.
SEARCHES_PER_MINUTE = 30
WINDOW = dt.timedelta(minutes=1)


def exceeded(conn: Connection, actor: str, now: dt.datetime, limit: int) -> bool:
    """True when `actor` has already searched `limit` times in the last minute.

    Counts at most `limit` rows, so the check costs the same however hard someone fishes.
    """
    recent = (
        select(audit_log.c.seq)
        .where(
            audit_log.c.actor == actor,
            audit_log.c.action == "search",
            audit_log.c.at > now - WINDOW,
        )
        .limit(limit)
        .subquery()
    )
    return int(conn.execute(select(func.count()).select_from(recent)).scalar_one()) >= limit
