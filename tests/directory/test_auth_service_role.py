"""PostgreSQL: the confined service role can enrol, log in and resolve sessions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, make_url, text

from directory import audit
from directory.auth import Policy, issue_challenge, open_session, resolve_session
from directory.database import connect, grant_service_role, migrate
from tests.directory.builders import World
from tests.directory.pki import NOW, ORIGIN, TestCA, enrol


@pytest.fixture
def as_service(postgres_url: str) -> Iterator[tuple[Engine, Engine]]:
    """(admin engine, engine logged in as a fresh service role); the role is dropped after."""
    role = f"cp_svc_{uuid.uuid4().hex[:12]}"
    admin = connect(postgres_url)
    service: Engine | None = None
    try:
        migrate(admin)
        grant_service_role(admin, role)
        service = connect(make_url(postgres_url).set(username=role))
        yield admin, service
    finally:
        if service is not None:
            service.dispose()
        with admin.begin() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


@pytest.mark.postgres
def test_the_service_role_runs_enrolment_and_login(as_service: tuple[Engine, Engine]) -> None:
    admin, service = as_service
    World(admin).setup()
    ca = TestCA.create()
    card = ca.issue()
    policy = Policy(password_required=False)

    enrol(service, ca, card)  # app_user.id comes from its sequence
    challenge = issue_challenge(service, card.der, [ca.certificate], NOW, policy)
    opened = open_session(
        service, challenge.challenge_id, card.sign_login(challenge), None, ORIGIN, NOW, policy
    )

    assert resolve_session(service, opened.token, NOW).user_id == "user:zz-practitioner"
    assert audit.verify(admin).rows_checked == 2
