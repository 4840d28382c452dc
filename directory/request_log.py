"""The request log (issue 13): one row per request the API answered, for the helpdesk.

Operational, not the audit (DESIGN.md 3.5): nothing depends on a row being written, so the
audit's fail-closed rule is untouched. directory.api.middleware hands each finished request
to `RequestLog.write`, on a worker thread once the response has been sent, so the writing
costs the caller no latency; a write that fails is one log line, never a failed request.

A row holds what tells a user why a request failed and nothing from a record: the route
template (never the raw path, which can hold a ContactPoint ID), the method, status, error
code, duration, the worker, and the signed-in user's organisation and roles. Not the user's
name: the helpdesk is talking to that user already, and the audit log links every audited
request's correlation id to its actor for those who may read it. No query, no body.

Rows older than KEPT_DAYS are deleted by the retention run (directory.retention).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    String,
    Table,
    delete,
    text,
)

from directory.auth.instants import utc
from directory.schema import metadata
from directory.viewer import Viewer

log = logging.getLogger("contactpoint.directory.request_log")

KEPT_DAYS = 30
ROUTE_LENGTH = 200
CODE_LENGTH = 40

request_log = Table(
    "request_log",
    metadata,
    # SQLite numbers rows itself only for an INTEGER PRIMARY KEY; PostgreSQL needs 64 bits
    # (a busy directory answers billions of requests over the years of one sequence).
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("correlation_id", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("method", String(10), nullable=False),
    Column("route", String(ROUTE_LENGTH), nullable=False),
    Column("status", Integer, nullable=False),
    Column("error", String(CODE_LENGTH)),
    Column("duration_ms", Float, nullable=False),
    Column("organisation", String(200)),
    Column("roles", String(200), nullable=False),  # comma-separated Role values, sorted
    Column("worker", String(100), nullable=False),
    Index("ix_request_log_correlation_id", "correlation_id"),
    Index("ix_request_log_at", "at"),  # the retention run's range delete
)
_INSERT = request_log.insert()
_ASYNC_COMMIT = text("SET LOCAL synchronous_commit = off")


def worker() -> str:
    """This process, as the helpdesk names it: host name and process id.

    Read per call, not at import: uvicorn's workers are separate processes, and a module
    imported before a fork would otherwise name its parent."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@dataclass(frozen=True, slots=True)
class RequestEntry:
    correlation_id: str
    method: str
    route: str  # the template, e.g. /v1/children/{cp_id}
    status: int
    error: str | None  # contract.codes.ErrorCode from the refusal's body
    duration_ms: float
    viewer: Viewer | None  # None when the request carried no valid session


class RequestLog:
    """Writes one RequestEntry per call, in its own transaction. Never raises."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime]) -> None:
        self.engine = engine
        self.clock = clock
        self.worker = worker()

    def write(self, entry: RequestEntry) -> None:
        viewer = entry.viewer
        row = {
            "correlation_id": entry.correlation_id,
            "at": utc(self.clock()),
            "method": entry.method[:10],
            "route": entry.route[:ROUTE_LENGTH],
            "status": entry.status,
            "error": None if entry.error is None else entry.error[:CODE_LENGTH],
            "duration_ms": round(entry.duration_ms, 3),
            "organisation": None if viewer is None else viewer.organisation_name,
            "roles": "" if viewer is None else ",".join(sorted(viewer.roles)),
            "worker": self.worker,
        }
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # Do not wait for the WAL to reach disk: a crash may lose the last
                    # rows of an operational log, and the commit costs a fraction.
                    conn.execute(_ASYNC_COMMIT)
                conn.execute(_INSERT, row)
        except Exception as exc:  # operational: the request was answered whatever happens here
            log.warning(
                "request log row not written: %s cid=%s", type(exc).__name__, entry.correlation_id
            )


def delete_before(conn: Connection, cutoff: dt.datetime) -> int:
    """Delete the rows logged before `cutoff`, in the caller's transaction; return how many."""
    result = conn.execute(delete(request_log).where(request_log.c.at < cutoff))
    return int(result.rowcount or 0)
