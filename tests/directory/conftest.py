from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, make_url, text

from directory import Directory, Role, Viewer
from directory.database import connect, grant_service_role, migrate
from tests.directory.builders import LA_NORTH, LA_SOUTH, TODAY, World


@pytest.fixture
def world(engine: Engine) -> World:
    return World(engine).setup()


@pytest.fixture
def service(engine: Engine) -> Directory:
    return Directory(engine, today=lambda: TODAY)


PRACTITIONER = Viewer("u-practitioner", frozenset({Role.PRACTITIONER}), organisation_id=3)
OVERRIDER = Viewer("u-override", frozenset({Role.PRACTITIONER, Role.OVERRIDE}), organisation_id=3)
MANAGER_NORTH = Viewer("u-mgmt-n", frozenset({Role.MANAGEMENT}), local_authority=LA_NORTH)
MANAGER_SOUTH = Viewer("u-mgmt-s", frozenset({Role.MANAGEMENT}), local_authority=LA_SOUTH)
SENSITIVE_SERVICE = Viewer("u-clinic", frozenset({Role.PRACTITIONER}), organisation_id=4)
HELPDESK = Viewer("u-helpdesk", frozenset({Role.HELPDESK}))


@pytest.fixture
def audit_refuses_inserts(engine: Engine) -> None:
    """Make every audit append fail, as a full disk or a revoked grant would."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'audit unavailable'; END; $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log "
                    "FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END"
                )
            )


@pytest.fixture
def service_role(postgres_url: str) -> Iterator[tuple[Engine, Engine]]:
    """(admin engine, engine logged in as a fresh service role); the role is dropped after.

    Roles are cluster-wide, so the role must go even when the test fails, and before the
    test database is dropped (its grants live there).
    """
    role = f"cp_svc_{uuid.uuid4().hex[:12]}"
    admin = connect(postgres_url)
    as_role: Engine | None = None
    try:
        migrate(admin)
        grant_service_role(admin, role)
        grant_service_role(admin, role)  # running it again is harmless
        as_role = connect(make_url(postgres_url).set(username=role))
        yield admin, as_role
    finally:
        if as_role is not None:
            as_role.dispose()
        with admin.begin() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()
