"""Per-user limits on searches and record views: the brake on fishing (DESIGN.md 3.4).

Counted from the audit log — every search, record view, override and revalidation, and
every refusal of one, writes a row there — so a limit holds across all API workers and
hosts and survives restarts, and needs no second store. The (actor, action, at) index
makes each count a short range probe, and each count stops at the limit, so a check costs
the same however hard someone fishes.

Two requests of one user must not both pass a limit that only one of them fits under, so
the count and the work it admits run under a per-user lock (`hold`), taken first in the
transaction: on PostgreSQL a transaction-scoped advisory lock on the user, which other
users never wait for; on SQLite every transaction already holds the write lock
(directory.database: BEGIN IMMEDIATE).

Refused requests count too: someone who keeps hammering stays refused until they stop for
the length of the window, while a person who waits a minute can carry on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from directory.auth.instants import stored
from directory.schema import audit_log

# Audit actions that count against each limit. A view is anything that shows a child's
# record or tells the user something about one they viewed: the record view, the override
# view, and the cache revalidation (directory.service.Directory.cacheable).
SEARCHES: Collection[str] = ("search",)
VIEWS: Collection[str] = ("child_view", "override", "revalidate")

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)

_HOLD = text("SELECT pg_advisory_xact_lock(:space, :user)")
# Names "one user's limits" among the advisory locks; the two-key form never meets the
# audit chain's one-key lock (PostgreSQL keeps the two key spaces apart).
_HOLD_SPACE = 0x0C0A_11B1


@dataclass(frozen=True, slots=True)
class UsageLimits:
    """The directory's policy on how much one user may search and view.

    A practitioner looking for a child makes a handful of searches a minute; a script
    trawling the directory makes hundreds. Views: nobody reads more than about one record
    a second, so 60 a minute never stops a person (opening a record, going back to the
    results and opening the next takes longer than that) and stops a harvester at once.
    A real day's work — a duty social worker or a school's safeguarding lead preparing a
    meeting — is tens of records, rarely a hundred or two; 600 a day (one every 48
    seconds through an eight-hour day) leaves that room many times over, while the
    harvest that found this limit missing (2,887 IDs in minutes) would take five days and
    raise an alert on the first.
    """

    searches_per_minute: int = 30
    views_per_minute: int = 60
    views_per_day: int = 600

    def __post_init__(self) -> None:
        for name in ("searches_per_minute", "views_per_minute", "views_per_day"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"UsageLimits.{name} must be a whole number of at least 1.")


@dataclass(frozen=True, slots=True)
class Usage:
    """How many counted rows a user has in a window (at most the limit: counting stops
    there) and when the earliest of them was written."""

    count: int
    since: dt.datetime | None


def hold(conn: Connection, actor: str) -> None:
    """Serialise this user's limited work until the transaction ends (see module doc)."""
    if conn.dialect.name == "postgresql":
        digest = hashlib.sha256(actor.encode()).digest()
        conn.execute(_HOLD, {"space": _HOLD_SPACE, "user": int.from_bytes(digest[:4], signed=True)})


def usage(
    conn: Connection,
    actor: str,
    actions: Collection[str],
    now: dt.datetime,
    window: dt.timedelta,
    cap: int,
) -> Usage:
    """The user's rows of `actions` in the `window` before `now`, counted up to `cap`."""
    recent = (
        select(audit_log.c.at)
        .where(
            audit_log.c.actor == actor,
            audit_log.c.action.in_(tuple(actions)),
            audit_log.c.at > now - window,
        )
        .order_by(audit_log.c.at.desc())
        .limit(cap)
        .subquery()
    )
    count, since = conn.execute(select(func.count(), func.min(recent.c.at))).one()
    return Usage(int(count), None if since is None else stored(since))


def searched_too_often(conn: Connection, actor: str, now: dt.datetime, limits: UsageLimits) -> bool:
    """True when `actor` has already searched `searches_per_minute` times in the last minute.

    Call after `hold`, in the transaction that does the search.
    """
    cap = limits.searches_per_minute
    return usage(conn, actor, SEARCHES, now, MINUTE, cap).count >= cap


DEFAULT_LIMITS = UsageLimits()
