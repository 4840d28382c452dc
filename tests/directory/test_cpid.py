"""ContactPoint IDs (directory.cpid): check digits, and an issuer that draws at random,
never twice, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from directory import cpid
from directory.database import connect, migrate
from directory.errors import InvalidIdentifier
from directory.population import populate
from directory.schema import child, issued_id
from tests.directory.builders import cp_id_for

ISSUED_ON = dt.date(2026, 6, 15)
bodies = st.integers(0, 10**11 - 1)


def replay(*offered: int) -> Iterator[int]:
    yield from offered


def source(draws: Iterator[int]) -> cpid.RandomBelow:
    """A random source that answers with the given bodies, in order."""

    def random_below(n: int) -> int:
        assert n == 10**11
        return next(draws)

    return random_below


@given(bodies, st.integers(0, 11), st.integers(1, 9))
def test_every_single_digit_error_is_caught(body: int, position: int, delta: int) -> None:
    good = cp_id_for(body)
    digit = (int(good[position]) + delta) % 10
    assert not cpid.is_valid(good[:position] + str(digit) + good[position + 1 :])


@given(bodies, st.integers(0, 10))
def test_every_adjacent_transposition_is_caught(body: int, position: int) -> None:
    good = cp_id_for(body)
    swapped = good[:position] + good[position + 1] + good[position] + good[position + 2 :]
    assert swapped == good or not cpid.is_valid(swapped)


def test_draws_are_twelve_valid_digits_from_the_whole_range() -> None:
    drawn = [cpid.draw() for _ in range(2_000)]
    assert all(len(i) == 12 and i.isdigit() and cpid.is_valid(i) for i in drawn)
    assert len(set(drawn)) == len(drawn)
    # Uniform over 10**11 bodies: every leading digit turns up, none dominates.
    leading = {i[0] for i in drawn}
    assert leading == set("0123456789")
    assert cp_id_for(0) == "000000000000" and cp_id_for(10**11 - 1).startswith("99999999999")


def test_consecutively_issued_ids_have_no_arithmetic_relation(engine: Engine) -> None:
    with engine.begin() as conn:
        issued = [int(cpid.issue(conn, ISSUED_ON)[:11]) for _ in range(50)]
    steps = {b - a for a, b in itertools.pairwise(issued)}
    assert len(steps) == len(issued) - 1  # no common difference, unlike a serial's bijection
    assert sorted(issued) != issued


@pytest.mark.parametrize(
    "text",
    ["", "12345", "1234567890123", "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢", "x" * 1000, "1234 5678 901O"],
)
def test_malformed_ids_say_what_an_id_is(text: str) -> None:
    with pytest.raises(InvalidIdentifier, match="12 digits"):
        cpid.normalise(text)


def test_spaces_and_hyphens_are_accepted_and_display_groups() -> None:
    good = cpid.draw()
    assert cpid.normalise(cpid.display(good)) == good
    assert cpid.normalise(f"{good[:6]}-{good[6:]}") == good


def test_the_issuer_records_each_id_and_draws_again_on_a_collision(engine: Engine) -> None:
    with engine.begin() as conn:
        first = cpid.issue(conn, ISSUED_ON, source(replay(42)))
        # The source repeats 42 twice before offering 43: the issuer must skip it.
        second = cpid.issue(conn, ISSUED_ON, source(replay(42, 42, 43)))
    assert (first, second) == (cp_id_for(42), cp_id_for(43))
    with engine.connect() as conn:
        rows = conn.execute(select(issued_id.c.cp_id, issued_id.c.issued_on)).all()
    assert sorted(rows) == [(first, ISSUED_ON), (second, ISSUED_ON)]


def test_a_purged_childs_id_is_never_issued_again(engine: Engine) -> None:
    with engine.begin() as conn:
        purged = cpid.issue(conn, ISSUED_ON, source(replay(7)))
        conn.execute(update(issued_id).values(purged_on=ISSUED_ON))
    with engine.begin() as conn:
        again = cpid.issue(conn, ISSUED_ON, source(replay(7, 7, 8)))
    assert again == cp_id_for(8) != purged


def test_a_broken_source_is_refused_rather_than_reusing_an_id(engine: Engine) -> None:
    with engine.begin() as conn:
        cpid.issue(conn, ISSUED_ON, source(replay(5)))
    with engine.begin() as conn, pytest.raises(cpid.ExhaustedDraws):
        cpid.issue(conn, ISSUED_ON, lambda _: 5)


def test_the_unique_constraint_is_the_final_guard(engine: Engine) -> None:
    taken = cp_id_for(11)
    with engine.begin() as conn:
        cpid.issue(conn, ISSUED_ON, source(replay(11)))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        # A concurrent writer that skipped the check (or raced it) cannot issue it twice.
        conn.execute(issued_id.insert().values(serial=99, cp_id=taken, issued_on=ISSUED_ON))


def test_the_population_draws_its_ids_from_the_issuer(engine: Engine) -> None:
    with engine.begin() as conn:
        existing = cpid.issue(conn, ISSUED_ON, source(replay(3)))
    # A source that offers the already issued body first, then repeats itself: the bulk
    # issuer checks against issued_id and against its own earlier draws.
    rng = random.Random(1)
    offered = iter([3, 3, 4, 4, *(rng.randrange(10**11) for _ in range(100))])
    populate(engine, 20, seed=1, today=ISSUED_ON, cp_id_source=source(offered))
    with engine.connect() as conn:
        ids = list(conn.execute(select(child.c.cp_id)).scalars())
        issued = list(conn.execute(select(issued_id.c.cp_id)).scalars())
    assert len(ids) == 20 and existing not in ids and cp_id_for(4) in ids
    assert len(set(issued)) == len(issued) == 21 and set(ids) < set(issued)


@settings(max_examples=25, deadline=None)
@given(st.lists(bodies, min_size=1, max_size=30))
def test_the_bulk_issuer_never_repeats_an_id(scratch: Engine, draws: list[int]) -> None:
    with scratch.connect() as conn:
        issue = cpid.BulkIssuer(conn, source(iter(draws + list(range(10**6, 10**6 + 40)))))
        issued = [issue() for _ in draws]
    assert len(set(issued)) == len(issued)
    assert all(cpid.is_valid(i) for i in issued)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('cpid') / 'd.db'}")
    migrate(engine)
    yield engine
    engine.dispose()
