"""Migrations match the schema on both backends; the PostgreSQL service role is confined."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg.errors
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text, update
from sqlalchemy.exc import DBAPIError, ProgrammingError

from directory import audit
from directory.database import (
    alembic_config,
    connect,
    current_revision,
    grant_service_role,
    head_revision,
    migrate,
    normalise_url,
)
from directory.schema import audit_log, child, issued_id, local_authority, metadata, organisation
from tests.directory.builders import cp_id_for


def differences(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_migrated_schema_matches_the_metadata(engine: Engine) -> None:
    assert differences(engine) == []
    assert current_revision(engine) == head_revision()


def test_migrate_is_idempotent_and_keeps_data(engine: Engine) -> None:
    with engine.begin() as conn:
        audit.append(conn, actor="user:test", action="login", detail={}, correlation_id="c")

    migrate(engine)
    migrate(engine)

    assert current_revision(engine) == head_revision()
    assert differences(engine) == []
    assert audit.verify(engine).rows_checked == 1


def test_downgrade_to_base_then_upgrade_again(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "base")

    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}

    migrate(engine)

    assert current_revision(engine) == head_revision()
    assert differences(engine) == []
    # The append-only triggers came back with the tables.
    with engine.begin() as conn:
        audit.append(conn, actor="user:test", action="login", detail={}, correlation_id="c")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(update(audit_log).values(actor="user:x"))


def test_only_sqlite_and_postgresql_are_accepted() -> None:
    with pytest.raises(ValueError, match="SQLite or PostgreSQL"):
        normalise_url("mysql://root@localhost/directory")
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_service_role_is_postgresql_only(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    try:
        with pytest.raises(ValueError, match="PostgreSQL only"):
            grant_service_role(engine, "cp_service")
    finally:
        engine.dispose()


# --- PostgreSQL service role ------------------------------------------------------------


@pytest.mark.postgres
def test_service_role_uses_the_directory_and_appends_audit_rows(
    service_role: tuple[Engine, Engine],
) -> None:
    admin, service = service_role
    with service.begin() as conn:
        conn.execute(
            local_authority.insert().values(
                code="E08000035",
                name="Test Authority",
                office_hours_phone="0113 000 0000",
                out_of_hours_phone="0113 000 0001",
                postcode_area="LS",
            )
        )
        # organisation.id is a serial: the service creates organisations without an id.
        conn.execute(
            organisation.insert().values(
                kind="school", name="Test School", local_authority="E08000035", phone="0113"
            )
        )
        cp_id = cp_id_for(1)
        conn.execute(
            issued_id.insert().values(serial=1, cp_id=cp_id, issued_on=dt.date(2020, 1, 1))
        )
        conn.execute(
            child.insert().values(
                id=1,
                cp_id=cp_id,
                family_name="Quillfeather",
                given_name="Ottoline",
                date_of_birth=dt.date(2020, 1, 1),
                gender="female",
                address_state="current",
                responsible_la="E08000035",
            )
        )
        audit.append(conn, actor="user:test", action="create", detail={}, correlation_id="c")

    with service.connect() as conn:
        assert conn.scalar(select(child.c.cp_id)) == cp_id
        assert conn.scalar(select(func.count()).select_from(audit_log)) == 1
    assert audit.verify(admin).ok


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'user:x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "DROP TABLE audit_log",
    ],
)
def test_service_role_cannot_change_or_remove_audit_rows(
    service_role: tuple[Engine, Engine], statement: str
) -> None:
    admin, service = service_role
    with service.begin() as conn:
        audit.append(conn, actor="user:test", action="login", detail={}, correlation_id="c")

    with pytest.raises(ProgrammingError) as refused, service.begin() as conn:
        conn.execute(text(statement))

    # Refused for lack of privilege, before any trigger is reached.
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    assert "append-only" not in str(refused.value.orig)
    assert audit.verify(admin).rows_checked == 1


@pytest.mark.postgres
def test_role_url_uses_trust_auth(service_role: tuple[Engine, Engine]) -> None:
    # Guards the fixture itself: the service engine really is a different login.
    _, service = service_role
    with service.connect() as conn:
        user = conn.scalar(text("SELECT current_user"))
    assert isinstance(user, str) and user.startswith("cp_svc_")
