"""PostgreSQL: the confined service role can enrol, log in and resolve sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from directory import audit
from directory.auth import Policy, issue_challenge, open_session, resolve_session
from tests.directory.builders import World
from tests.directory.pki import NOW, ORIGIN, TestCA, enrol


@pytest.mark.postgres
def test_the_service_role_runs_enrolment_and_login(service_role: tuple[Engine, Engine]) -> None:
    admin, service = service_role
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
