"""Sign-in traffic counted per source and minute: the challenge limits and refusal audits.

Unauthenticated requests must not starve audited work (DESIGN.md 3.5: every audit row
takes the chain's order). So:

* Limits. Every challenge request adds one to its client address's and its certificate's
  count for the current minute (`count_challenge`, an upsert: one row per source and
  minute, in the database so that the limit holds across every worker and host). The
  counts include requests already refused, so a flood stays refused; they never depend on
  whether the certificate is enrolled or its account usable (that would be an oracle).
* Refusals. A refused challenge adds one to a `refusal_tally` row keyed by (source, minute,
  reason) and takes no audit lock. Once a minute is over (with a minute's grace for clocks
  that differ between hosts), `audit_closed_minutes` writes ONE audit row per source and
  minute, `login_failed` with the counts by reason, and marks the rows audited; claiming
  them with an UPDATE makes two workers that flush at once write each row once. Any
  challenge request flushes what is due, so a flood of N refusals from one source costs
  the chain one row a minute, not N.

The refusal is in the database in the request's own transaction; its audit row follows
within two minutes of the next challenge request, carrying the count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, exists, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from directory import audit
from directory.auth.users import actor_for
from directory.schema import app_user, challenge_tally, refusal_tally, user_certificate

UNAUTHENTICATED = "unauthenticated"
ADDRESS, CERTIFICATE = "address", "certificate"
_SOURCE_CHARS = 80
GRACE_MINUTES = 1  # a minute is audited once it is this many minutes in the past
FLUSH_BATCH = 100  # tally rows claimed per flush, so that one request does bounded work


def minute_of(now: dt.datetime) -> int:
    return int(now.timestamp() // 60)


def source(kind: str, value: str) -> str:
    return f"{kind}:{value}"[:_SOURCE_CHARS]


def _upsert(conn: Connection, table: Any, keys: dict[str, Any]) -> int:
    """Add one to the row with these keys (made at 1); the new count."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    values = {**keys, "count": 1}
    if table is refusal_tally:
        values["audited"] = False
    statement = dialect.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={"count": table.c.count + 1}
    ).returning(table.c.count)
    return int(conn.execute(statement).scalar_one())


def count_challenge(conn: Connection, where: str, now: dt.datetime) -> int:
    """Count one challenge request from `where` (a `source`); this minute's count so far."""
    return _upsert(conn, challenge_tally, {"source": where, "minute": minute_of(now)})


def count_refusal(conn: Connection, where: str, reason: str, now: dt.datetime) -> None:
    _upsert(conn, refusal_tally, {"source": where, "minute": minute_of(now), "reason": reason})


def _actor(conn: Connection, where: str) -> str:
    kind, _, value = where.partition(":")
    if kind != CERTIFICATE:
        return UNAUTHENTICATED
    name = conn.scalar(
        select(app_user.c.name)
        .join(user_certificate, user_certificate.c.user_id == app_user.c.id)
        .where(user_certificate.c.fingerprint == value)
    )
    return UNAUTHENTICATED if name is None else actor_for(name)


def audit_closed_minutes(conn: Connection, now: dt.datetime, correlation_id: str) -> int:
    """Write the audit rows of minutes that are over; how many were written."""
    closed = minute_of(now) - GRACE_MINUTES
    due = conn.scalar(
        select(exists().where(refusal_tally.c.audited.is_(False), refusal_tally.c.minute < closed))
    )
    if not due:
        return 0
    # Old counts are kept a day for the limits' sake and then dropped (one statement, rare).
    conn.execute(challenge_tally.delete().where(challenge_tally.c.minute < closed - 24 * 60))
    conn.execute(
        refusal_tally.delete().where(
            refusal_tally.c.audited.is_(True), refusal_tally.c.minute < closed - 24 * 60
        )
    )
    batch = (
        select(refusal_tally.c.source, refusal_tally.c.minute)
        .where(refusal_tally.c.audited.is_(False), refusal_tally.c.minute < closed)
        .order_by(refusal_tally.c.minute)
        .limit(FLUSH_BATCH)
        .subquery()
    )
    claimed = conn.execute(
        update(refusal_tally)
        .where(
            refusal_tally.c.audited.is_(False),
            tuple_(refusal_tally.c.source, refusal_tally.c.minute).in_(
                select(batch.c.source, batch.c.minute)
            ),
        )
        .values(audited=True)
        .returning(
            refusal_tally.c.source,
            refusal_tally.c.minute,
            refusal_tally.c.reason,
            refusal_tally.c.count,
        )
    ).all()
    grouped: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for where, minute, reason, count in claimed:
        grouped[(where, minute)][reason] = count
    for (where, minute), reasons in sorted(grouped.items(), key=lambda item: item[0][1]):
        kind, _, value = where.partition(":")
        audit.append(
            conn,
            actor=_actor(conn, where),
            action="login_failed",
            detail={
                "stage": "challenge",
                "source": kind,
                kind: value,
                "minute": dt.datetime.fromtimestamp(minute * 60, dt.UTC).isoformat(),
                "count": sum(reasons.values()),
                "reasons": dict(sorted(reasons.items())),
            },
            correlation_id=correlation_id,
            at=now,
        )
    return len(grouped)
