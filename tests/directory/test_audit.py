"""The audit chain: it verifies, it exposes tampering, it is append-only, it fails closed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, Engine, Executable, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from directory import audit
from directory.database import connect, migrate
from directory.errors import AuditFailure
from directory.schema import audit_log, local_authority

ROWS = 10


def fill(engine: Engine, n: int, actor: str = "user:test") -> None:
    with engine.begin() as conn:
        for i in range(n):
            audit.append(
                conn,
                actor=actor,
                action="search",
                detail={"criteria": {"family_name_key": f"K{i}"}, "returned": [i]},
                correlation_id=f"corr-{i}",
            )


def chain(engine: Engine) -> list[audit.AuditRow]:
    return list(audit.rows(engine))


@contextmanager
def attacker(engine: Engine) -> Iterator[Connection]:
    """A connection with the append-only triggers out of the way.

    This is what someone with the database file (SQLite) or a superuser login
    (PostgreSQL) can do; the chain, not the triggers, must expose what they do next.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        yield conn
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


def _set(conn: Connection, row: int, **values: object) -> None:
    conn.execute(update(audit_log).where(audit_log.c.seq == row).values(**values))


def _contents(row: audit.AuditRow) -> dict[str, object]:
    return {
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "correlation_id": row.correlation_id,
        "detail": row.detail,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _forge(seq: int, prev_hash: str) -> dict[str, object]:
    """A well-formed row whose own hash is right; only its link can give it away."""
    at = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
    detail = audit.canonical({"returned": []})
    # An attacker can read the (public) hashing rule; the test uses it the same way.
    digest = audit._digest(seq, at, "user:forger", "search", "forged", detail, prev_hash)
    return {
        "seq": seq,
        "at": at,
        "actor": "user:forger",
        "action": "search",
        "correlation_id": "forged",
        "detail": detail,
        "prev_hash": prev_hash,
        "hash": digest,
    }


# Each tampering takes the intact chain and returns the seq verify must name.
Tamper = Callable[[Connection, list[audit.AuditRow]], int]


def changed_detail(conn: Connection, rows: list[audit.AuditRow]) -> int:
    _set(conn, 5, detail=audit.canonical({"criteria": {}, "returned": []}))
    return 5


def changed_actor(conn: Connection, rows: list[audit.AuditRow]) -> int:
    _set(conn, 5, actor="user:someone-else")
    return 5


def deleted_middle_row(conn: Connection, rows: list[audit.AuditRow]) -> int:
    conn.execute(delete(audit_log).where(audit_log.c.seq == 5))
    return 6


def deleted_first_row(conn: Connection, rows: list[audit.AuditRow]) -> int:
    conn.execute(delete(audit_log).where(audit_log.c.seq == 1))
    return 2


def swapped_contents(conn: Connection, rows: list[audit.AuditRow]) -> int:
    _set(conn, 4, **_contents(rows[4]))
    _set(conn, 5, **_contents(rows[3]))
    return 4


def reordered(conn: Connection, rows: list[audit.AuditRow]) -> int:
    # Renumber rows 4 and 5 so they change places in chain order.
    _set(conn, 4, seq=-4)
    _set(conn, 5, seq=4)
    _set(conn, -4, seq=5)
    return 4


def forged_row_with_wrong_link(conn: Connection, rows: list[audit.AuditRow]) -> int:
    conn.execute(delete(audit_log).where(audit_log.c.seq == 5))
    conn.execute(audit_log.insert().values(**_forge(5, prev_hash=rows[2].hash)))
    return 5


def forged_row_appended_with_wrong_link(conn: Connection, rows: list[audit.AuditRow]) -> int:
    conn.execute(audit_log.insert().values(**_forge(ROWS + 1, prev_hash=rows[0].hash)))
    return ROWS + 1


def rewritten_row_caught_by_its_successor(conn: Connection, rows: list[audit.AuditRow]) -> int:
    # Row 5 replaced by a self-consistent forgery linked correctly to row 4: row 5 looks
    # fine alone, but row 6 no longer follows it.
    conn.execute(delete(audit_log).where(audit_log.c.seq == 5))
    conn.execute(audit_log.insert().values(**_forge(5, prev_hash=rows[3].hash)))
    return 6


@pytest.mark.parametrize(
    "tamper",
    [
        changed_detail,
        changed_actor,
        deleted_middle_row,
        deleted_first_row,
        swapped_contents,
        reordered,
        forged_row_with_wrong_link,
        forged_row_appended_with_wrong_link,
        rewritten_row_caught_by_its_successor,
    ],
)
def test_tampering_is_found_and_the_first_bad_row_named(engine: Engine, tamper: Tamper) -> None:
    fill(engine, ROWS)
    assert audit.verify(engine).ok

    intact = chain(engine)  # read first: on SQLite every transaction takes the write lock
    with attacker(engine) as conn:
        bad_seq = tamper(conn, intact)

    result = audit.verify(engine)
    assert not result.ok
    assert result.first_bad_seq == bad_seq
    assert result.problem is not None
    assert result.problem.startswith(f"row {bad_seq}:")


def test_long_chain_verifies(engine: Engine) -> None:
    fill(engine, 150, actor="user:a")
    fill(engine, 150, actor="user:b")

    result = audit.verify(engine)

    assert result == audit.VerifyResult(rows_checked=300, first_bad_seq=None, problem=None)
    # Streaming in small batches yields the same rows in the same order.
    assert [r.seq for r in audit.rows(engine, batch=7)] == list(range(1, 301))


def test_empty_chain_verifies(engine: Engine) -> None:
    assert audit.verify(engine) == audit.VerifyResult(0, None, None)


def test_update_delete_and_truncate_are_refused_without_bypassing(engine: Engine) -> None:
    fill(engine, 3)
    before = chain(engine)
    attempts: list[Executable] = [
        update(audit_log).where(audit_log.c.seq == 2).values(actor="user:x"),
        delete(audit_log).where(audit_log.c.seq == 3),
        delete(audit_log),
    ]
    if engine.dialect.name == "postgresql":
        attempts.append(text("TRUNCATE audit_log"))

    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(statement)

    assert chain(engine) == before
    assert audit.verify(engine).ok


def _some_work(conn: Connection) -> None:
    conn.execute(
        local_authority.insert().values(
            code="E08000035",
            name="Test Authority",
            office_hours_phone="0113 000 0000",
            out_of_hours_phone="0113 000 0001",
            postcode_area="LS",
        )
    )


def _traces(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        work = conn.scalar(select(func.count()).select_from(local_authority))
        rows = conn.scalar(select(func.count()).select_from(audit_log))
    return int(work or 0), int(rows or 0)


@pytest.mark.usefixtures("audit_refuses_inserts")
def test_work_with_a_failing_audit_append_leaves_no_trace(engine: Engine) -> None:
    with pytest.raises(AuditFailure) as failure, engine.begin() as conn:
        _some_work(conn)
        audit.append(conn, actor="user:test", action="create", detail={}, correlation_id="c")

    assert _traces(engine) == (0, 0)
    assert "audit unavailable" not in failure.value.message  # no driver text to the user


def test_audit_row_rolls_back_with_failed_work(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as conn:
        audit.append(conn, actor="user:test", action="create", detail={}, correlation_id="c")
        _some_work(conn)
        raise RuntimeError("the work failed after the audit row was written")

    assert _traces(engine) == (0, 0)
    assert audit.verify(engine).ok


@pytest.mark.postgres
def test_concurrent_appends_on_postgres_keep_one_contiguous_chain(postgres_url: str) -> None:
    threads, per_thread = 4, 50
    engine = connect(postgres_url, pool_size=threads)
    try:
        migrate(engine)
        start = threading.Barrier(threads)

        def writer(n: int) -> None:
            start.wait()
            for i in range(per_thread):
                with engine.begin() as conn:
                    audit.append(
                        conn,
                        actor=f"user:writer{n}",
                        action="search",
                        detail={"i": i},
                        correlation_id=f"{n}-{i}",
                    )

        with ThreadPoolExecutor(threads) as pool:
            for future in [pool.submit(writer, n) for n in range(threads)]:
                future.result()

        rows = chain(engine)
        assert [r.seq for r in rows] == list(range(1, threads * per_thread + 1))
        assert audit.verify(engine) == audit.VerifyResult(threads * per_thread, None, None)
        for n in range(threads):
            assert sum(r.actor == f"user:writer{n}" for r in rows) == per_thread
    finally:
        engine.dispose()
