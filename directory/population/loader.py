"""Write batches of rows: COPY on PostgreSQL, executemany on SQLite.

Both writers work on the DBAPI connection underneath the caller's SQLAlchemy connection,
so the whole population is one transaction with the reference data and index handling.
Row-by-row INSERT through SQLAlchemy costs more in Python than generating the rows does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Connection

from directory.database import is_postgres
from directory.population.rows import Row


class RowWriter(Protocol):
    def write(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None: ...


class PostgresCopyWriter:
    def __init__(self, dbapi: Any) -> None:
        self._dbapi = dbapi

    def write(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._dbapi.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


class SqliteBatchWriter:
    def __init__(self, dbapi: Any) -> None:
        self._dbapi = dbapi

    def write(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        marks = ", ".join("?" * len(columns))
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        cursor = self._dbapi.cursor()
        try:
            cursor.executemany(statement, [tuple(map(_sqlite_value, row)) for row in rows])
        finally:
            cursor.close()


def _sqlite_value(value: object) -> object:
    # Stored as SQLAlchemy stores them, so Core reads them back as dates and booleans;
    # and without relying on sqlite3's default date adapter, deprecated since 3.12.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def writer_for(conn: Connection) -> RowWriter:
    dbapi = conn.connection.driver_connection
    if is_postgres(conn.engine):
        return PostgresCopyWriter(dbapi)
    return SqliteBatchWriter(dbapi)
