"""Instants in the authentication tables: always UTC, on both backends.

SQLite stores a DateTime as the wall time it is given and drops the offset; PostgreSQL's
timestamptz keeps the instant. Writing UTC and reading naive values back as UTC makes the
two agree, and makes SQLite's text comparisons in WHERE clauses order correctly.
"""

from __future__ import annotations

import datetime as dt


def utc(moment: dt.datetime) -> dt.datetime:
    """A caller's `now` in UTC. A naive time is refused: its zone would be a guess."""
    if moment.tzinfo is None:
        raise ValueError("Authentication needs an aware datetime (with a time zone).")
    return moment.astimezone(dt.UTC)


def stored(moment: dt.datetime) -> dt.datetime:
    """A value read from the database, as an aware UTC datetime."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
