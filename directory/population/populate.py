"""The front door: fill a directory with a synthetic population of households."""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, func, select, text

from directory import schema
from directory.cpid import BulkIssuer, RandomBelow
from directory.database import is_postgres
from directory.population.generator import Household, HouseholdGenerator, IdCounters
from directory.population.indexes import deferred_maintenance
from directory.population.loader import RowWriter, writer_for
from directory.population.reference import ensure_reference_data
from directory.population.report import PopulationReport
from directory.population.rows import TABLES, Row

log = logging.getLogger(__name__)

BATCH_CHILDREN = 5_000
SQLITE_CACHE_KIB = -64 * 1024  # negative: KiB rather than pages
# Tables whose indexes and foreign keys are rebuilt after the load if it starts them empty.
_DEFERRED_TABLES = ("child", "child_carer", "former_name", "involvement", "search_entry")


@dataclass(slots=True)
class _Batch:
    issued_id: list[Row] = field(default_factory=list)
    carer: list[Row] = field(default_factory=list)
    child: list[Row] = field(default_factory=list)
    child_carer: list[Row] = field(default_factory=list)
    former_name: list[Row] = field(default_factory=list)
    involvement: list[Row] = field(default_factory=list)
    search_entry: list[Row] = field(default_factory=list)

    def add(self, h: Household) -> None:
        self.issued_id += h.issued_ids
        self.carer += h.carers
        self.child += h.children
        self.child_carer += h.child_carers
        self.former_name += h.former_names
        self.involvement += h.involvements
        self.search_entry += h.search_entries

    def flush(self, writer: RowWriter) -> None:
        for table, columns in TABLES:
            rows: list[Row] = getattr(self, table)
            writer.write(table, columns, rows)
            rows.clear()


@dataclass(slots=True)
class _Tally:
    children: int = 0
    carers: int = 0
    involvements: int = 0
    shielded: int = 0
    sensitive_involvements: int = 0
    archived: int = 0
    deceased: int = 0
    left_england: int = 0
    former_names: int = 0
    search_entries: int = 0

    def add(self, h: Household) -> None:
        self.children += len(h.children)
        self.carers += len(h.carers)
        self.involvements += len(h.involvements)
        self.shielded += h.shielded
        self.sensitive_involvements += h.sensitive
        self.archived += h.archived
        self.deceased += h.deceased
        self.left_england += h.left_england
        self.former_names += len(h.former_names)
        self.search_entries += len(h.search_entries)


def populate(
    engine: Engine,
    children: int,
    seed: int,
    today: dt.date | None = None,
    batch_children: int = BATCH_CHILDREN,
    cp_id_source: RandomBelow = secrets.randbelow,
) -> PopulationReport:
    """Add `children` synthetic children in households, after whatever is already there.

    The same seed and `today` give the same rows on SQLite and PostgreSQL, apart from the
    ContactPoint IDs (drawn by the directory's issuer from `cp_id_source`, `secrets` unless
    a test injects another) and the involvement handles (always random). The whole run is
    one transaction: it lands completely or not at all.
    """
    if children < 0:
        raise ValueError("The number of children cannot be negative.")
    started = time.perf_counter()
    today = today or dt.date.today()
    tally = _Tally()
    with engine.begin() as conn, _bulk_settings(conn):
        catalogue = ensure_reference_data(conn)
        generator = HouseholdGenerator(
            random.Random(seed),
            catalogue,
            today,
            _next_ids(conn),
            BulkIssuer(conn, cp_id_source),
        )
        writer = writer_for(conn)
        with deferred_maintenance(conn, _DEFERRED_TABLES) as deferred:
            if deferred:
                log.info("rebuilding %d indexes and keys after the load", deferred)
            batch = _Batch()
            pending = 0
            for household in generator.households(children):
                batch.add(household)
                tally.add(household)
                pending += len(household.children)
                if pending >= batch_children:
                    batch.flush(writer)
                    pending = 0
                    log.debug("written %d children", tally.children)
            batch.flush(writer)
        if is_postgres(engine):
            # Fresh statistics, or the planner guesses from an empty table and scans.
            for table, _ in TABLES:
                conn.execute(text(f"ANALYZE {table}"))
    report = PopulationReport(
        **{f.name: getattr(tally, f.name) for f in fields(tally)},
        seconds=time.perf_counter() - started,
    )
    log.info("%s", report.summary())
    return report


@contextmanager
def _bulk_settings(conn: Connection) -> Iterator[None]:
    if is_postgres(conn.engine):
        yield
        return
    # With SQLite's default 2 MB page cache the two cp_id indexes, written in random
    # order, stop fitting after a few hundred thousand children and every insert reads
    # pages back from disk. A bounded cache, for this connection and this load only.
    previous = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {previous}")


def _next_ids(conn: Connection) -> IdCounters:
    def after(column: ColumnElement[Any]) -> int:
        return int(conn.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1

    return IdCounters(
        serial=after(schema.issued_id.c.serial),
        child=after(schema.child.c.id),
        carer=after(schema.carer.c.id),
        involvement=after(schema.involvement.c.id),
        former_name=after(schema.former_name.c.id),
        search_entry=after(schema.search_entry.c.id),
    )
