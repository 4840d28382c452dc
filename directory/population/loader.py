"""Write batches of rows: COPY on PostgreSQL, executemany on SQLite.

Both writers work on the DBAPI connection underneath the caller's SQLAlchemy connection,
so the whole population is one transaction with the reference data and index handling.
Row-by-row INSERT through SQLAlchemy costs more in Python than generating the rows does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Date

from directory import schema
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
        dates = _date_positions(table, tuple(columns))
        cursor = self._dbapi.cursor()
        try:
            cursor.executemany(statement, [_with_iso_dates(row, dates) for row in rows])
        finally:
            cursor.close()


@lru_cache(maxsize=32)
def _date_positions(table: str, columns: tuple[str, ...]) -> tuple[int, ...]:
    types = schema.metadata.tables[table].c
    return tuple(i for i, name in enumerate(columns) if isinstance(types[name].type, Date))


def _with_iso_dates(row: Row, positions: tuple[int, ...]) -> Row | list[object]:
    # Dates stored as SQLAlchemy stores them ("YYYY-MM-DD"), so Core reads them back as
    # dates, and without sqlite3's default date adapter, deprecated since Python 3.12.
    # Booleans need nothing: sqlite3 stores a bool as the integer it is.
    if not positions:
        return row
    values = list(row)
    for i in positions:
        value = values[i]
        if value is not None:
            values[i] = cast(dt.date, value).isoformat()
    return values


def writer_for(conn: Connection) -> RowWriter:
    dbapi = conn.connection.driver_connection
    if is_postgres(conn.engine):
        return PostgresCopyWriter(dbapi)
    return SqliteBatchWriter(dbapi)
