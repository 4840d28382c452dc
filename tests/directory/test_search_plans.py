"""Every search shape can be answered from an index (DESIGN.md 3.4: never a table scan).

With sequential scans priced out, PostgreSQL still falls back to one when no index serves
a predicate; so a plan without "Seq Scan on search_entry", whose index conditions bound
both the name key and the date or postcode, proves an index covers every
probe. BENCHMARKS.md shows the plans the planner picks at 1,000,000 children.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from directory.criteria import Mode, parse
from directory.database import connect, migrate
from directory.population import populate
from directory.search import explain_sql
from tests.conftest import temporary_postgres_database as _database
from tests.directory.conftest import MANAGER_NORTH, PRACTITIONER

TODAY = dt.date(2026, 6, 15)
SHAPES = [
    {"family_name": "Smith", "date_of_birth": "2015-03-07"},
    {"family_name": "Smith", "date_of_birth": "2015-03-27"},  # no day/month swap
    {"family_name": "Smith", "year_of_birth": "2015", "given_name": "Amy"},
    {"family_name": "Smith", "postcode": "LS6 2AB"},
    {"family_name": "Smith", "postcode": "LS6", "gender": "female"},
    {"family_name": "Smith", "postcode": "LS6 2AB", "date_of_birth": "2015-03-07"},
    {"cp_id": "889862171612"},
]


@pytest.fixture(scope="module")
def pg(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """One populated, analysed directory for the module: plans depend on statistics."""
    with _database() as url:
        engine = connect(url)
        migrate(engine)
        populate(engine, children=5_000, seed=3, today=TODAY)
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("raw", SHAPES, ids=lambda raw: "+".join(raw))
@pytest.mark.parametrize("mode", ["exact", "fuzzy"])
def test_each_shape_has_an_index(pg: Engine, raw: dict[str, str], mode: str) -> None:
    with pg.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for viewer in (PRACTITIONER, MANAGER_NORTH):
            sql = explain_sql(parse(raw, TODAY), Mode(mode), viewer, TODAY, pg.dialect)
            plan = "\n".join(conn.exec_driver_sql("EXPLAIN " + sql).scalars())
            assert "Seq Scan on search_entry" not in plan, plan
            assert "Index" in plan
            # A probe on the name key alone would walk every Smith in England.
            for line in plan.splitlines():
                if "Index Cond" in line and "family_" in line:
                    assert "date_of_birth" in line or "postcode" in line, plan
