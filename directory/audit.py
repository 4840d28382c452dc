"""The append-only, hash-chained audit log (DESIGN.md 3.5).

`append` runs inside the caller's transaction, so the audit row commits or rolls back with
the work it records; if it cannot be written the caller's transaction fails and no response
is sent (fail closed). Rows are chained: each row's hash covers its contents and the previous
row's hash, so `verify` finds a row that was changed, removed or moved.

Writers are serialised while they extend the chain: on PostgreSQL by a transaction-scoped
advisory lock, on SQLite by the write lock every transaction takes (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import SQLAlchemyError

from directory.errors import AuditFailure
from directory.schema import audit_log

GENESIS = "0" * 64
# Built once: every request of the directory appends a row.
_CHAIN_END = select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
_INSERT = audit_log.insert()
_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
# An arbitrary constant naming "the audit chain" among PostgreSQL advisory locks.
_ADVISORY_KEY = 0x0C0A_0D17


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    at: dt.datetime
    actor: str
    action: str
    correlation_id: str
    detail: str
    prev_hash: str
    hash: str


def canonical(detail: Mapping[str, Any]) -> str:
    return json.dumps(
        detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def _digest(
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    correlation_id: str,
    detail: str,
    prev_hash: str,
) -> str:
    # The timestamp is hashed in UTC with fixed precision so that a backend's round trip
    # (SQLite stores text, PostgreSQL timestamptz) cannot change the digest.
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    material = "\x1f".join((str(seq), stamp, actor, action, correlation_id, detail, prev_hash))
    return hashlib.sha256(material.encode()).hexdigest()


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    detail: Mapping[str, Any],
    correlation_id: str,
    at: dt.datetime | None = None,
) -> int:
    """Add one row at the end of the chain, in the caller's transaction. Returns its seq."""
    moment = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    body = canonical(detail)
    try:
        if conn.dialect.name == "postgresql":
            # The lock and the read of the last row must be separate statements: under READ
            # COMMITTED each statement takes a fresh snapshot, so the read sees the row the
            # previous lock holder committed. (Under REPEATABLE READ it would not, and two
            # rows would claim the same predecessor; the engine keeps the default level.)
            conn.execute(_LOCK, {"k": _ADVISORY_KEY})
        last = conn.execute(_CHAIN_END).first()
        seq, prev = (1, GENESIS) if last is None else (last.seq + 1, last.hash)
        digest = _digest(seq, moment, actor, action, correlation_id, body, prev)
        conn.execute(
            _INSERT,
            dict(
                seq=seq,
                at=moment,
                actor=actor,
                action=action,
                correlation_id=correlation_id,
                detail=body,
                prev_hash=prev,
                hash=digest,
            ),
        )
    except SQLAlchemyError as exc:
        raise AuditFailure("The audit record could not be written, so nothing was done.") from exc
    return seq


def rows(engine: Engine, batch: int = 10_000) -> Iterator[AuditRow]:
    """Every row in chain order, streamed in batches so memory stays flat."""
    after = 0
    while True:
        with engine.connect() as conn:
            chunk = conn.execute(
                select(audit_log)
                .where(audit_log.c.seq > after)
                .order_by(audit_log.c.seq)
                .limit(batch)
            ).all()
        if not chunk:
            return
        for r in chunk:
            at = r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC)
            yield AuditRow(
                r.seq, at, r.actor, r.action, r.correlation_id, r.detail, r.prev_hash, r.hash
            )
        after = chunk[-1].seq


@dataclass(frozen=True, slots=True)
class VerifyResult:
    rows_checked: int
    first_bad_seq: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(engine: Engine) -> VerifyResult:
    """Walk the chain; report the first row that was changed, removed or moved."""
    expected_seq, prev, count = 1, GENESIS, 0
    for row in rows(engine):
        if row.seq != expected_seq:
            return VerifyResult(
                count,
                row.seq,
                f"row {row.seq}: expected row {expected_seq} "
                "here; a row was removed or the rows were reordered",
            )
        if row.prev_hash != prev:
            return VerifyResult(
                count,
                row.seq,
                f"row {row.seq}: does not follow row "
                f"{row.seq - 1}; a row was removed, replaced or reordered",
            )
        digest = _digest(
            row.seq, row.at, row.actor, row.action, row.correlation_id, row.detail, row.prev_hash
        )
        if digest != row.hash:
            return VerifyResult(
                count,
                row.seq,
                f"row {row.seq}: its contents do not match its hash; the row was changed",
            )
        prev, expected_seq, count = row.hash, row.seq + 1, count + 1
    return VerifyResult(count, None, None)
