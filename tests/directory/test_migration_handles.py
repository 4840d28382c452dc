"""Migration 0007 on a directory at 0006 that holds rows: every involvement, alert, contact
request and shield request gets a fresh random handle; ids and ContactPoint IDs stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from directory import handles
from directory.database import alembic_config, connect, migrate
from tests.directory.builders import cp_id_for

TABLES = ("involvement", "alert", "contact_request", "shield_request")
AT = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
CP_IDS = [cp_id_for(body) for body in (61_803_398_877, 27_182_818_284, 14_142_135_623)]
INVOLVEMENTS_PER_CHILD = 4


@pytest.fixture
def at_0006(db_url: str) -> Iterator[Engine]:
    engine = connect(db_url)
    migrate(engine, "0006")
    with engine.begin() as conn:
        _fill(conn)
    yield engine
    engine.dispose()


def _table(conn: sa.Connection, name: str) -> sa.Table:
    # Reflected, not directory.schema: these tables are as 0006 left them, without handles.
    return sa.Table(name, sa.MetaData(), autoload_with=conn)


def _fill(conn: sa.Connection) -> None:
    conn.execute(
        sa.insert(_table(conn, "local_authority")).values(
            code="E08000035",
            name="Northtown",
            office_hours_phone="0113 496 0001",
            out_of_hours_phone="0113 496 0002",
            postcode_area="LS",
        )
    )
    conn.execute(
        sa.insert(_table(conn, "organisation")).values(
            id=1, kind="service", name="Zzservice", local_authority="E08000035", phone="0113"
        )
    )
    issued, child, involvement = (_table(conn, n) for n in ("issued_id", "child", "involvement"))
    for serial, cp_id in enumerate(CP_IDS, start=1):
        conn.execute(
            sa.insert(issued).values(serial=serial, cp_id=cp_id, issued_on=dt.date(2020, 1, 1))
        )
        conn.execute(
            sa.insert(child).values(
                id=serial,
                cp_id=cp_id,
                family_name="Zzfamily",
                given_name="Zzgiven",
                date_of_birth=dt.date(2015, 1, 1),
                gender="female",
                address_state="current",
                responsible_la="E08000035",
            )
        )
        for n in range(INVOLVEMENTS_PER_CHILD):
            conn.execute(
                sa.insert(involvement).values(
                    id=(serial - 1) * INVOLVEMENTS_PER_CHILD + n + 1,
                    child_id=serial,
                    organisation_id=1,
                    practitioner_role="nurse",
                    phone="0113 496 0999",
                    start_date=dt.date(2024, 1, 1),
                    lead_professional=False,
                    caf=False,
                )
            )
    common = {"local_authority": "E08000035", "cp_id": CP_IDS[0], "user_id": "user:zz"}
    common |= {"created_at": AT, "status": "open"}
    for i in range(3):
        conn.execute(
            sa.insert(_table(conn, "alert")).values(
                reference=f"OVR-0000{i}-00000",
                kind="override",
                reason_code="missing_child",
                **common,
            )
        )
    conn.execute(
        sa.insert(_table(conn, "contact_request")).values(
            reference="CON-00000-00000", message="Please call.", **common
        )
    )
    conn.execute(
        sa.insert(_table(conn, "shield_request")).values(
            reference="SHR-00000-00000", reason_category="other_serious_risk", note="Zz", **common
        )
    )


def _rows(engine: Engine, name: str, *columns: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        table = _table(conn, name)
        picked = [table.c[c] for c in columns]
        return [tuple(r) for r in conn.execute(sa.select(*picked).order_by(table.c.id))]


def test_existing_rows_get_fresh_unique_handles_and_keep_their_ids(at_0006: Engine) -> None:
    before = {name: _rows(at_0006, name, "id") for name in TABLES}
    cp_ids_before = _rows(at_0006, "child", "id", "cp_id")

    migrate(at_0006)

    every_handle = []
    for name in TABLES:
        rows = _rows(at_0006, name, "id", "handle")
        assert [(row_id,) for row_id, _ in rows] == before[name]
        every_handle += [handle for _, handle in rows]
    assert len(every_handle) == 3 * INVOLVEMENTS_PER_CHILD + 3 + 1 + 1
    assert all(handles.parse(h) == h for h in every_handle)
    assert len(set(every_handle)) == len(every_handle)
    # Fresh random handles, in no relation to the ids they sit beside.
    involvement_handles = [h for _, h in _rows(at_0006, "involvement", "id", "handle")]
    assert sorted(involvement_handles) != involvement_handles
    assert _rows(at_0006, "child", "id", "cp_id") == cp_ids_before  # never renumbered


def test_the_handle_is_required_and_unique_after_the_migration(at_0006: Engine) -> None:
    migrate(at_0006)
    (taken,) = _rows(at_0006, "alert", "handle")[0]
    with at_0006.connect() as conn:
        alert = _table(conn, "alert")
    values = {
        "reference": "OVR-99999-99999",
        "local_authority": "E08000035",
        "kind": "override",
        "cp_id": CP_IDS[1],
        "user_id": "user:zz",
        "reason_code": "missing_child",
        "created_at": AT,
        "status": "open",
    }
    for handle in (taken, None):
        with pytest.raises(IntegrityError), at_0006.begin() as conn:
            conn.execute(sa.insert(alert).values(handle=handle, **values))


def test_downgrading_drops_the_handles_and_upgrading_draws_new_ones(at_0006: Engine) -> None:
    migrate(at_0006)
    first = {h for (h,) in _rows(at_0006, "involvement", "handle")}
    command.downgrade(alembic_config(at_0006), "0006")
    with at_0006.connect() as conn:
        assert "handle" not in {c["name"] for c in sa.inspect(conn).get_columns("involvement")}
    migrate(at_0006)
    assert first.isdisjoint(h for (h,) in _rows(at_0006, "involvement", "handle"))
