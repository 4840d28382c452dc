"""Set secondary indexes aside while a table is bulk-loaded, and rebuild them after.

Building a B-tree once from sorted input is far cheaper than maintaining it one row at a
time, but only when the table starts empty; otherwise the rebuild would also cover every
row already there. The DDL is read back from the database itself, not from our metadata,
so the rebuilt index is exactly the one the migrations made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from directory.database import is_postgres


def secondary_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) for indexes that back no constraint."""
    if is_postgres(conn.engine):
        rows = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename = :t"
                " AND indexname NOT IN"
                " (SELECT conname FROM pg_constraint WHERE conrelid = CAST(:t AS regclass))"
                " ORDER BY indexname"
            ),
            {"t": table},
        )
    else:
        # Indexes SQLite makes for constraints have no SQL of their own.
        rows = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL ORDER BY name"
            ),
            {"t": table},
        )
    return [(str(name), str(ddl)) for name, ddl in rows]


def _is_empty(conn: Connection, table: str) -> bool:
    # The table names come from our own fixed list, never from input.
    return conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None  # noqa: S608


@contextmanager
def deferred_indexes(conn: Connection, tables: tuple[str, ...]) -> Iterator[list[str]]:
    """Drop the secondary indexes of those `tables` that are empty; recreate them on exit.

    Runs inside the caller's transaction, so a failed load rolls the drops back too.
    Yields the names of the indexes set aside.
    """
    saved: list[tuple[str, str]] = []
    for table in tables:
        if _is_empty(conn, table):
            saved.extend(secondary_indexes(conn, table))
    for name, _ in saved:
        conn.execute(text(f'DROP INDEX "{name}"'))
    yield [name for name, _ in saved]
    if saved and is_postgres(conn.engine):
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    for _, ddl in saved:
        conn.execute(text(ddl))
