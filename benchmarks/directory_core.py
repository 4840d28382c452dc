"""The directory core at scale: load, search latency by query shape, record view + audit.

Queries are drawn from the loaded population itself (seeded), so every run asks the same
questions; fuzzy queries carry a realistic slip in the family name and their recall (the
wanted child among the matches) is reported beside the latency.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from directory import Directory, Role, Viewer
from directory.criteria import Mode, parse
from directory.schema import child
from directory.search import explain_sql

VIEWER = Viewer("bench-practitioner", frozenset({Role.PRACTITIONER}), organisation_id=1)
# Searches and views are spread over many practitioners so that each stays under the
# per-user limits (directory.usage_limits) as real users do, and their checks cost what
# they cost them.
SEARCHERS = tuple(
    Viewer(f"bench-practitioner-{i}", frozenset({Role.PRACTITIONER}), organisation_id=1)
    for i in range(200)
)
QUERIES_PER_SHAPE = 400
VIEWS = 1_000


@dataclass(frozen=True)
class Sample:
    cp_id: str
    family_name: str
    given_name: str
    date_of_birth: dt.date
    postcode: str


def load(url: str, children: int, seed: int) -> dict[str, Any]:
    # Our own interpreter and module with our own arguments: nothing untrusted.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.load", url, str(children), str(seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def samples(engine: Engine, count: int, rng: random.Random) -> list[Sample]:
    """Live, unshielded children with an address: ones a practitioner can find every way."""
    today = dt.date.today()
    with engine.connect() as conn:
        top = int(conn.execute(select(func.max(child.c.id))).scalar() or 0)
        picked = rng.sample(range(1, top + 1), min(top, count * 4))
        rows = conn.execute(
            select(
                child.c.cp_id,
                child.c.family_name,
                child.c.given_name,
                child.c.date_of_birth,
                child.c.postcode,
            )
            .where(
                child.c.id.in_(picked),
                child.c.shielded_since.is_(None),
                child.c.archived_on.is_(None),
                child.c.date_of_death.is_(None),
                child.c.postcode.is_not(None),
                child.c.date_of_birth > today.replace(year=today.year - 17),
            )
            .order_by(child.c.id)
        ).all()
    return [Sample(*r) for r in rows[:count]]


def slip(name: str, rng: random.Random) -> str:
    """A slip people make: a doubled or undoubled letter, or i/y and ph/f confusion."""
    for a, b in (("ph", "f"), ("y", "i"), ("i", "y"), ("ll", "l"), ("tt", "t"), ("nn", "n")):
        if a in name and rng.random() < 0.5:
            return name.replace(a, b, 1)
    i = rng.randrange(1, max(2, len(name)))
    return name[:i] + name[i - 1] + name[i:]


SHAPES: dict[str, Callable[[Sample, random.Random], tuple[dict[str, object], str]]] = {
    "exact: family name + date of birth": lambda s, r: (
        {"family_name": s.family_name, "date_of_birth": s.date_of_birth.isoformat()},
        "exact",
    ),
    "exact: family name + postcode": lambda s, r: (
        {"family_name": s.family_name, "postcode": s.postcode},
        "exact",
    ),
    "exact: ContactPoint ID": lambda s, r: ({"cp_id": s.cp_id}, "exact"),
    "fuzzy: name slip + given name + date of birth": lambda s, r: (
        {
            "family_name": slip(s.family_name, r),
            "given_name": s.given_name,
            "date_of_birth": s.date_of_birth.isoformat(),
        },
        "fuzzy",
    ),
    "fuzzy: name slip + given name + postcode district": lambda s, r: (
        {
            "family_name": slip(s.family_name, r),
            "given_name": s.given_name,
            "postcode": s.postcode.split()[0],
        },
        "fuzzy",
    ),
    "fuzzy: name slip + given name + year of birth": lambda s, r: (
        {
            "family_name": slip(s.family_name, r),
            "given_name": s.given_name,
            "year_of_birth": s.date_of_birth.year,
        },
        "fuzzy",
    ),
}


def percentiles(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def measure_searches(engine: Engine, people: list[Sample], seed: int) -> list[dict[str, Any]]:
    service = Directory(engine)
    results = []
    for name, shape in SHAPES.items():
        rng = random.Random(seed)
        timings: list[float] = []
        found = too_many = 0
        for person in people[:QUERIES_PER_SHAPE]:
            criteria, mode = shape(person, rng)
            viewer = SEARCHERS[len(timings) % len(SEARCHERS)]
            start = time.perf_counter()
            result = service.search(viewer, criteria, mode, "bench")
            timings.append(time.perf_counter() - start)
            found += any(m.view.cp_id == person.cp_id for m in result.matches)
            too_many += result.too_many
        results.append(
            {
                "shape": name,
                **percentiles(timings),
                "recall": found / len(timings),
                "too_many": too_many / len(timings),
            }
        )
    return results


def measure_views(engine: Engine, people: list[Sample]) -> dict[str, float]:
    service = Directory(engine)
    timings = []
    for i, person in enumerate((people * (VIEWS // max(1, len(people)) + 1))[:VIEWS]):
        start = time.perf_counter()
        service.view_child(SEARCHERS[i % len(SEARCHERS)], person.cp_id, "bench")
        timings.append(time.perf_counter() - start)
    return percentiles(timings)


def query_plans(engine: Engine, people: list[Sample], seed: int) -> list[tuple[str, str]]:
    """EXPLAIN of each shape's candidate query on PostgreSQL, as the planner runs it."""
    rng = random.Random(seed)
    plans = []
    with engine.connect() as conn:
        for name, shape in SHAPES.items():
            raw, mode = shape(people[0], rng)
            sql = explain_sql(
                parse(raw, dt.date.today()), Mode(mode), VIEWER, dt.date.today(), engine.dialect
            )
            lines = conn.exec_driver_sql("EXPLAIN (COSTS OFF) " + sql).scalars().all()
            plans.append((name, "\n".join(str(line) for line in lines)))
    return plans
