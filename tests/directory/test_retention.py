"""Retention: archive at 18 or a year after death, purge six years after archiving."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, func, select

from directory import audit
from directory.errors import AuditFailure
from directory.handles import new_handle
from directory.indexing import NameForIndex, entries_for_child
from directory.retention import run_retention
from directory.schema import (
    audit_log,
    carer,
    child,
    child_carer,
    former_name,
    involvement,
    issued_id,
    local_authority,
    metadata,
    organisation,
    search_entry,
)
from tests.directory.builders import cp_id_for

TODAY = dt.date(2025, 6, 15)
LA = "E08000035"
ORG = 1
# Distinctive synthetic names, so a test can prove they never reach the audit log.
FAMILY, GIVEN, FORMER_FAMILY = "Quillfeather", "Ottoline", "Brackenbury"


# --- fixture rows -----------------------------------------------------------------------


def _base(conn: Connection) -> None:
    if conn.execute(select(local_authority.c.code)).first() is not None:
        return
    conn.execute(
        local_authority.insert().values(
            code=LA,
            name="Test Authority",
            office_hours_phone="0113 000 0000",
            out_of_hours_phone="0113 000 0001",
            postcode_area="LS",
        )
    )
    conn.execute(
        organisation.insert().values(
            id=ORG, kind="service", name="Test Service", local_authority=LA, phone="0113 1"
        )
    )


def add_carer(conn: Connection, carer_id: int) -> int:
    conn.execute(carer.insert().values(id=carer_id, family_name=FAMILY, given_name="Carer"))
    return carer_id


def add_child(
    conn: Connection,
    serial: int,
    date_of_birth: dt.date,
    *,
    date_of_death: dt.date | None = None,
    archived_on: dt.date | None = None,
    carers: Sequence[int] = (),
) -> str:
    """One child with a former name, an involvement, search entries and carer links."""
    _base(conn)
    cp_id = cp_id_for(serial)
    conn.execute(issued_id.insert().values(serial=serial, cp_id=cp_id, issued_on=date_of_birth))
    conn.execute(
        child.insert().values(
            id=serial,
            cp_id=cp_id,
            family_name=FAMILY,
            given_name=GIVEN,
            date_of_birth=date_of_birth,
            gender="female",
            postcode="LS1 4AP",
            address_state="current",
            responsible_la=LA,
            date_of_death=date_of_death,
            archived_on=archived_on,
        )
    )
    conn.execute(
        former_name.insert().values(
            id=serial, child_id=serial, family_name=FORMER_FAMILY, given_name=GIVEN
        )
    )
    conn.execute(
        involvement.insert().values(
            id=serial,
            handle=new_handle(),
            child_id=serial,
            organisation_id=ORG,
            practitioner_role="Health visitor",
            phone="0113 2",
            start_date=date_of_birth,
            lead_professional=False,
            caf=False,
        )
    )
    names = [NameForIndex(FAMILY, GIVEN, False), NameForIndex(FORMER_FAMILY, GIVEN, True)]
    entries = entries_for_child(serial, names, date_of_birth, "female", "LS1 4AP")
    for i, entry in enumerate(entries):
        conn.execute(search_entry.insert().values(id=serial * 10 + i, **entry))
    for carer_id in carers:
        conn.execute(
            child_carer.insert().values(
                child_id=serial,
                carer_id=carer_id,
                relationship="mother",
                parental_responsibility=True,
            )
        )
    return cp_id


def archived_on(engine: Engine, cp_id: str) -> dt.date | None:
    with engine.connect() as conn:
        value = conn.scalar(select(child.c.archived_on).where(child.c.cp_id == cp_id))
    assert value is None or isinstance(value, dt.date)
    return value


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every directory table except the audit log, in primary-key order."""
    with engine.connect() as conn:
        return {
            table.name: [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))]
            for table in metadata.sorted_tables
            if table is not audit_log
        }


def audit_rows(engine: Engine) -> list[audit.AuditRow]:
    return list(audit.rows(engine))


# --- archiving --------------------------------------------------------------------------


def test_child_is_archived_on_the_18th_birthday_not_the_day_before(engine: Engine) -> None:
    with engine.begin() as conn:
        tomorrow = add_child(conn, 1, dt.date(2007, 6, 16))
        today = add_child(conn, 2, dt.date(2007, 6, 15))
        earlier = add_child(conn, 3, dt.date(2007, 1, 3))

    report = run_retention(engine, today=TODAY)

    assert archived_on(engine, tomorrow) is None
    assert archived_on(engine, today) == dt.date(2025, 6, 15)
    assert archived_on(engine, earlier) == dt.date(2025, 1, 3)
    assert (report.archived, report.purged) == (2, 0)
    assert set(report.archived_ids) == {today, earlier}


def test_leap_day_birthday_is_archived_on_28_february(engine: Engine) -> None:
    with engine.begin() as conn:
        leapling = add_child(conn, 1, dt.date(2008, 2, 29))

    run_retention(engine, today=dt.date(2026, 2, 27))
    assert archived_on(engine, leapling) is None

    run_retention(engine, today=dt.date(2026, 2, 28))
    assert archived_on(engine, leapling) == dt.date(2026, 2, 28)


def test_deceased_child_is_archived_one_year_after_death(engine: Engine) -> None:
    born = dt.date(2015, 3, 1)
    with engine.begin() as conn:
        under_a_year = add_child(conn, 1, born, date_of_death=dt.date(2024, 6, 16))
        exactly_a_year = add_child(conn, 2, born, date_of_death=dt.date(2024, 6, 15))
        over_a_year = add_child(conn, 3, born, date_of_death=dt.date(2023, 1, 10))
        alive = add_child(conn, 4, born)

    report = run_retention(engine, today=TODAY)

    assert archived_on(engine, under_a_year) is None
    assert archived_on(engine, exactly_a_year) == dt.date(2025, 6, 15)
    assert archived_on(engine, over_a_year) == dt.date(2024, 1, 10)
    assert archived_on(engine, alive) is None
    assert report.archived == 2


def test_child_who_died_at_17_is_archived_at_the_earlier_date(engine: Engine) -> None:
    with engine.begin() as conn:
        cp_id = add_child(conn, 1, dt.date(2007, 3, 1), date_of_death=dt.date(2024, 12, 1))

    run_retention(engine, today=TODAY)

    assert archived_on(engine, cp_id) == dt.date(2025, 3, 1)  # 18th birthday, not death + 1


def test_already_archived_record_keeps_its_archive_date(engine: Engine) -> None:
    with engine.begin() as conn:
        cp_id = add_child(conn, 1, dt.date(2001, 1, 1), archived_on=dt.date(2020, 5, 5))

    report = run_retention(engine, today=TODAY)

    assert archived_on(engine, cp_id) == dt.date(2020, 5, 5)
    assert report.archived == 0


# --- purging ----------------------------------------------------------------------------


def _count(conn: Connection, table: Any, child_id: int) -> int:
    return int(conn.scalar(select(func.count()).where(table.c.child_id == child_id)) or 0)


def test_record_is_purged_six_years_after_archiving_and_its_id_never_reused(
    engine: Engine,
) -> None:
    with engine.begin() as conn:
        add_carer(conn, 100)
        add_carer(conn, 101)
        kept = add_child(
            conn, 1, dt.date(2001, 6, 16), archived_on=dt.date(2019, 6, 16), carers=[100]
        )
        purged = add_child(
            conn, 2, dt.date(2001, 6, 15), archived_on=dt.date(2019, 6, 15), carers=[101]
        )

    report = run_retention(engine, today=TODAY)

    assert report.purged_ids == (purged,)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).where(child.c.cp_id == purged)) == 0
        for table in (search_entry, involvement, former_name, child_carer):
            assert _count(conn, table, 2) == 0, table.name
            assert _count(conn, table, 1) > 0, table.name
        assert conn.scalar(select(func.count()).where(carer.c.id == 101)) == 0
        assert conn.scalar(select(func.count()).where(carer.c.id == 100)) == 1
        ids = conn.execute(select(issued_id.c.cp_id, issued_id.c.purged_on)).all()
    assert sorted(ids) == sorted([(kept, None), (purged, TODAY)])
    assert archived_on(engine, kept) == dt.date(2019, 6, 16)


def test_carer_shared_with_a_surviving_sibling_is_kept(engine: Engine) -> None:
    with engine.begin() as conn:
        shared, own = add_carer(conn, 100), add_carer(conn, 101)
        add_child(
            conn, 1, dt.date(2000, 1, 1), archived_on=dt.date(2018, 1, 1), carers=[shared, own]
        )
        add_child(conn, 2, dt.date(2012, 1, 1), carers=[shared])

    run_retention(engine, today=TODAY)

    with engine.connect() as conn:
        carers = conn.scalars(select(carer.c.id)).all()
        links = conn.execute(select(child_carer.c.child_id, child_carer.c.carer_id)).all()
    assert carers == [shared]
    assert [tuple(link) for link in links] == [(2, shared)]


def test_overdue_record_is_archived_and_purged_in_one_run(engine: Engine) -> None:
    # A first run over an old backlog: archived at 18 (2018), so due for purge since 2024.
    with engine.begin() as conn:
        cp_id = add_child(conn, 1, dt.date(2000, 1, 1))

    report = run_retention(engine, today=TODAY)

    assert report.archived_ids == (cp_id,)
    assert report.purged_ids == (cp_id,)
    assert run_retention(engine, today=TODAY).purged == 0


def test_work_is_batched_without_a_round_trip_per_child(engine: Engine) -> None:
    """1,200 purges and 600 archives cross several batches; statements stay few."""
    n, m = 1_200, 600
    survivor = n + m + 1
    born, archived = dt.date(2000, 1, 1), dt.date(2018, 1, 1)

    def birth(i: int) -> dt.date:
        return born if i <= n else dt.date(2007, 1, 1) if i < survivor else dt.date(2012, 1, 1)

    with engine.begin() as conn:
        _base(conn)
        conn.execute(
            carer.insert(), [{"id": i, "family_name": FAMILY, "given_name": "C"} for i in (1, 2)]
        )
        conn.execute(
            issued_id.insert(),
            [
                {"serial": i, "cp_id": cp_id_for(i), "issued_on": birth(i)}
                for i in range(1, survivor + 1)
            ],
        )
        conn.execute(
            child.insert(),
            [
                {
                    "id": i,
                    "cp_id": cp_id_for(i),
                    "family_name": FAMILY,
                    "given_name": GIVEN,
                    "date_of_birth": birth(i),
                    "gender": "male",
                    "address_state": "current",
                    "responsible_la": LA,
                    "archived_on": archived if i <= n else None,
                }
                for i in range(1, survivor + 1)
            ],
        )
        # Carer 1 links the first and last purged child (different batches): deleted.
        # Carer 2 links the first purged child and the surviving one: kept.
        conn.execute(
            child_carer.insert(),
            [
                {
                    "child_id": c,
                    "carer_id": k,
                    "relationship": "father",
                    "parental_responsibility": True,
                }
                for c, k in ((1, 1), (n, 1), (1, 2), (survivor, 2))
            ],
        )

    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        report = run_retention(engine, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", count)

    assert (report.archived, report.purged) == (m, n)
    assert statements < 60, statements
    with engine.connect() as conn:
        remaining = conn.execute(select(child.c.id, child.c.archived_on).order_by(child.c.id))
        assert [tuple(r) for r in remaining] == [
            *((i, dt.date(2025, 1, 1)) for i in range(n + 1, survivor)),
            (survivor, None),
        ]
        assert conn.scalars(select(carer.c.id)).all() == [2]
        purged_on = conn.scalars(select(issued_id.c.purged_on).where(issued_id.c.serial <= n))
        assert set(purged_on) == {TODAY}


# --- idempotence and audit --------------------------------------------------------------


def _mixed_population(engine: Engine) -> None:
    with engine.begin() as conn:
        add_carer(conn, 100)
        add_child(conn, 1, dt.date(2007, 1, 1), carers=[100])  # archived now
        add_child(conn, 2, dt.date(2001, 1, 1), archived_on=dt.date(2019, 1, 1))  # purged
        add_child(conn, 3, dt.date(2014, 1, 1), date_of_death=dt.date(2023, 1, 1))  # archived
        add_child(conn, 4, dt.date(2015, 1, 1), carers=[100])  # untouched


def test_second_run_on_the_same_day_changes_nothing(engine: Engine) -> None:
    _mixed_population(engine)
    first = run_retention(engine, today=TODAY)
    after_first = snapshot(engine)

    second = run_retention(engine, today=TODAY)

    assert (first.archived, first.purged) == (2, 1)
    assert (second.archived, second.purged) == (0, 0)
    assert snapshot(engine) == after_first


def test_each_run_writes_exactly_one_audit_row_with_ids_and_no_names(engine: Engine) -> None:
    _mixed_population(engine)

    first = run_retention(engine, today=TODAY, actor="admin:retention-test")
    assert len(audit_rows(engine)) == 1
    run_retention(engine, today=TODAY)

    rows = audit_rows(engine)
    assert len(rows) == 2
    row = rows[0]
    assert (row.action, row.actor) == ("retention_run", "admin:retention-test")
    detail = json.loads(row.detail)
    assert detail == {
        "today": "2025-06-15",
        "archived": 2,
        "purged": 1,
        "archived_ids": [cp_id_for(1), cp_id_for(3)],
        "purged_ids": [cp_id_for(2)],
        "requests_deleted": 0,
    }
    assert detail["archived_ids"] == list(first.archived_ids)
    for name in (FAMILY, GIVEN, FORMER_FAMILY):
        assert name.lower() not in row.detail.lower()
    assert json.loads(rows[1].detail)["archived_ids"] == []
    assert audit.verify(engine).ok


def test_summary_gives_counts_only(engine: Engine) -> None:
    _mixed_population(engine)
    report = run_retention(engine, today=TODAY)
    summary = report.summary()
    assert summary == (
        "retention as of 2025-06-15: 2 records archived, 1 records purged, "
        "0 request log rows deleted"
    )
    assert not any(cp_id in summary for cp_id in report.archived_ids + report.purged_ids)


@pytest.mark.usefixtures("audit_refuses_inserts")
def test_failed_audit_write_rolls_back_every_change(engine: Engine) -> None:
    _mixed_population(engine)
    before = snapshot(engine)

    with pytest.raises(AuditFailure):
        run_retention(engine, today=TODAY)

    assert snapshot(engine) == before
    assert audit_rows(engine) == []
