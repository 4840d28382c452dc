"""Archive and purge records as the retention policy says (DESIGN.md 3.3).

* A child who has turned 18 is archived; `archived_on` is the 18th birthday.
* A child who died is archived on the first anniversary of the death.
* A record archived six years ago or more is purged: the child and everything hanging off
  it (search entries, involvements, carer links, former names, and carers left with no
  child) is deleted. The `issued_id` row stays, with `purged_on` set, so the ID is never
  issued again.
* The helpdesk's request log (directory.request_log) keeps KEPT_DAYS: rows logged before
  midnight UTC that many days before `today` are deleted.

One run is one transaction with one audit row, written last and in the same transaction:
if the audit row cannot be written, nothing was archived or purged (fail closed). Running
again on the same day changes nothing, because archiving only touches rows whose
`archived_on` is NULL and purging only finds rows that still exist.

Work is set-based: candidates are found with one range comparison per rule (the cutoff
dates are computed here, so the database compares plain dates, which an index on the date
columns can serve), and changes are applied in batches of ids, never a round trip per row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine, and_, delete, exists, select, text, update

from directory import audit, request_log
from directory.anniversaries import (
    ADULT_AGE,
    DECEASED_KEPT_YEARS,
    PURGE_AFTER_YEARS,
    latest_date_reaching,
    years_after,
)
from directory.schema import (
    carer,
    child,
    child_carer,
    former_name,
    involvement,
    issued_id,
    search_entry,
)

AUDIT_ACTION = "retention_run"
# Small enough for SQLite's bound-parameter limit and to keep each statement short.
BATCH = 500
# An arbitrary constant naming "a retention run" among PostgreSQL advisory locks, so two
# runs started together cannot both archive the same child and both report it.
_ADVISORY_KEY = 0x0C0A_4E7E

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class RetentionReport:
    today: dt.date
    archived: int
    purged: int
    archived_ids: tuple[str, ...] = ()
    purged_ids: tuple[str, ...] = ()
    requests_deleted: int = 0  # request log rows past their KEPT_DAYS

    def summary(self) -> str:
        # Counts only: this line goes to terminals and logs.
        return (
            f"retention as of {self.today.isoformat()}: "
            f"{self.archived} records archived, {self.purged} records purged, "
            f"{self.requests_deleted} request log rows deleted"
        )


def run_retention(
    engine: Engine, today: dt.date, actor: str = "system:retention"
) -> RetentionReport:
    """Archive and purge as of `today` in one audited transaction; see the module docstring."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
        archived = _archive(conn, today)
        purged = _purge(conn, today)
        since = today - dt.timedelta(days=request_log.KEPT_DAYS)
        requests_deleted = request_log.delete_before(
            conn, dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        )
        audit.append(
            conn,
            actor=actor,
            action=AUDIT_ACTION,
            correlation_id=uuid.uuid4().hex,
            # IDs only: the audit log must not become a copy of the names it outlives.
            detail={
                "today": today.isoformat(),
                "archived": len(archived),
                "purged": len(purged),
                "archived_ids": list(archived),
                "purged_ids": list(purged),
                "requests_deleted": requests_deleted,
            },
        )
    return RetentionReport(today, len(archived), len(purged), archived, purged, requests_deleted)


def _archive(conn: Connection, today: dt.date) -> tuple[str, ...]:
    """Set archived_on for every live child past a retention trigger; return their IDs."""
    due: dict[int, tuple[str, dt.date]] = {}

    def consider(child_id: int, cp_id: str, on: dt.date) -> None:
        # A child can qualify twice (died at 17, now past 18): the earlier date applies.
        if child_id not in due or on < due[child_id][1]:
            due[child_id] = (cp_id, on)

    # Two queries rather than one OR so that each can use its own date index.
    adults = conn.execute(
        select(child.c.id, child.c.cp_id, child.c.date_of_birth).where(
            child.c.archived_on.is_(None),
            child.c.date_of_birth <= latest_date_reaching(today, ADULT_AGE),
        )
    )
    for row in adults:
        consider(row.id, row.cp_id, years_after(row.date_of_birth, ADULT_AGE))
    deceased = conn.execute(
        select(child.c.id, child.c.cp_id, child.c.date_of_death).where(
            child.c.archived_on.is_(None),
            child.c.date_of_death <= latest_date_reaching(today, DECEASED_KEPT_YEARS),
        )
    )
    for row in deceased:
        consider(row.id, row.cp_id, years_after(row.date_of_death, DECEASED_KEPT_YEARS))

    # Everyone born on the same day is archived on the same day, so one UPDATE per
    # archive date (and batch of ids) does the work set-based: a daily run is one or two
    # statements, a first run over a backlog a few per day of backlog.
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for child_id, (_, on) in due.items():
        by_date[on].append(child_id)
    for on, ids in sorted(by_date.items()):
        for chunk in _chunks(sorted(ids)):
            conn.execute(
                update(child)
                .where(child.c.id.in_(chunk), child.c.archived_on.is_(None))
                .values(archived_on=on)
            )
    ordered = sorted(due.items())
    return tuple(cp_id for _, (cp_id, _) in ordered)


def _purge(conn: Connection, today: dt.date) -> tuple[str, ...]:
    """Delete every record archived six years ago or more; return their IDs."""
    cutoff = latest_date_reaching(today, PURGE_AFTER_YEARS)
    doomed = conn.execute(
        select(child.c.id, child.c.cp_id).where(child.c.archived_on <= cutoff).order_by(child.c.id)
    ).all()
    for chunk in _chunks(doomed):
        ids = [row.id for row in chunk]
        cp_ids = [row.cp_id for row in chunk]
        carer_ids = list(
            conn.scalars(
                select(child_carer.c.carer_id).where(child_carer.c.child_id.in_(ids)).distinct()
            )
        )
        for table in (search_entry, involvement, former_name, child_carer):
            conn.execute(delete(table).where(table.c.child_id.in_(ids)))
        conn.execute(delete(child).where(child.c.id.in_(ids)))
        # Only carers of the children purged now are candidates, so this never scans the
        # carer table; a carer still linked to a sibling is kept.
        if carer_ids:
            still_linked = exists().where(child_carer.c.carer_id == carer.c.id)
            conn.execute(delete(carer).where(and_(carer.c.id.in_(carer_ids), ~still_linked)))
        conn.execute(
            update(issued_id)
            .where(issued_id.c.cp_id.in_(cp_ids), issued_id.c.purged_on.is_(None))
            .values(purged_on=today)
        )
    return tuple(row.cp_id for row in doomed)


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
