"""Set secondary indexes (and PostgreSQL foreign keys) aside during a bulk load.

Building a B-tree once from sorted input is far cheaper than maintaining it one row at a
time, and one validating join per foreign key is far cheaper than a trigger per row. Both
only pay when the table starts empty; otherwise the rebuild would also cover every row
already there. The DDL is read back from the database itself, not from our metadata, so
what is rebuilt is exactly what the migrations made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from directory.database import is_postgres


def secondary_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) for the indexes of `table` that back no constraint."""
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


def foreign_keys(conn: Connection, table: str) -> list[tuple[str, str]]:
    """PostgreSQL: (name, definition) of the foreign keys declared on `table`."""
    rows = conn.execute(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = CAST(:t AS regclass) AND contype = 'f' ORDER BY conname"
        ),
        {"t": table},
    )
    return [(str(name), str(definition)) for name, definition in rows]


def _is_empty(conn: Connection, table: str) -> bool:
    # The table names come from our own fixed list, never from input.
    return conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None  # noqa: S608


@contextmanager
def deferred_maintenance(conn: Connection, tables: tuple[str, ...]) -> Iterator[int]:
    """Drop what the empty ones of `tables` maintain per row; rebuild it all on exit.

    Runs inside the caller's transaction, so a failed load rolls the drops back too, and
    re-adding a foreign key validates every loaded row. Yields how many were set aside.
    """
    empty = [t for t in tables if _is_empty(conn, t)]
    indexes = [ix for t in empty for ix in secondary_indexes(conn, t)]
    keys: list[tuple[str, str, str]] = []
    if is_postgres(conn.engine):
        keys = [(t, name, ddl) for t in empty for name, ddl in foreign_keys(conn, t)]
    for table, name, _ in keys:
        conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _ in indexes:
        conn.execute(text(f'DROP INDEX "{name}"'))
    yield len(indexes) + len(keys)
    if is_postgres(conn.engine) and (indexes or keys):
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    for _, ddl in indexes:
        conn.execute(text(ddl))
    for table, name, ddl in keys:
        conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}'))
