"""Refusals are audited (DESIGN.md 3.5): who tried what, and the code of the refusal.

A refusal found before any work starts is written in its own transaction by `refused`; one
found inside the work's transaction (the record turned out not to be visible, say) is written
there by `append_refusal` and the error raised after the commit. Either way the row exists
before the caller learns of the refusal. Details hold codes and ContactPoint IDs, never
free text a practitioner typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Engine

from directory import audit
from directory.errors import DirectoryError
from directory.viewer import Viewer


def append_refusal(
    conn: Connection,
    viewer: Viewer,
    action: str,
    error: DirectoryError,
    correlation_id: str,
    *,
    at: dt.datetime | None = None,
    **detail: Any,
) -> None:
    """`at` is the caller's clock, where it has one: rows that per-user limits count
    must carry the time the limits are checked against."""
    audit.append(
        conn,
        actor=viewer.user_id,
        action=action,
        detail={**detail, "refused": error.code},
        correlation_id=correlation_id,
        at=at,
    )


def refused(
    engine: Engine,
    viewer: Viewer,
    action: str,
    error: DirectoryError,
    correlation_id: str,
    **detail: Any,
) -> DirectoryError:
    """Audit the refusal in its own transaction and return the error for the caller to raise."""
    with engine.begin() as conn:
        append_refusal(conn, viewer, action, error, correlation_id, **detail)
    return error
