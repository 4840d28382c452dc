"""Enrolment: roles, authority scope, certificates; suspension; listing; all audited."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import hashes
from sqlalchemy import Engine, select

from directory import audit
from directory.auth import list_users, suspend_user
from directory.errors import Conflict, InvalidEnrolment, NotFound
from directory.schema import audit_log
from directory.viewer import Role
from tests.directory.builders import LA_NORTH, World
from tests.directory.pki import NOW, TestCA, enrol


@pytest.fixture
def ca(engine: Engine) -> TestCA:
    World(engine).setup()  # the local authorities and organisations users refer to
    return TestCA.create()


def audit_actions(engine: Engine) -> list[tuple[str, str, dict[str, object]]]:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.seq)).all()
    return [(r.actor, r.action, json.loads(r.detail)) for r in rows]


def test_a_user_is_enrolled_with_roles_scope_and_certificate(engine: Engine, ca: TestCA) -> None:
    card = ca.issue()
    user = enrol(
        engine,
        ca,
        card,
        name="zz-manager",
        roles="shield_officer, management",
        local_authority=LA_NORTH.lower(),
        organisation_id=3,
    )

    assert user.roles == (Role.MANAGEMENT, Role.SHIELD_OFFICER)
    assert user.local_authority == LA_NORTH
    assert list_users(engine) == [user]
    [(actor, action, detail)] = audit_actions(engine)
    assert (actor, action) == ("test:administrator", "user_add")
    assert detail["certificate"] == card.certificate.fingerprint(hashes.SHA256()).hex()
    assert detail["password"] is False
    assert audit.verify(engine).ok


@pytest.mark.parametrize("roles", ["management", "practitioner,shield_officer"])
def test_management_and_shield_officers_need_a_local_authority(
    engine: Engine, ca: TestCA, roles: str
) -> None:
    with pytest.raises(InvalidEnrolment, match="local authority"):
        enrol(engine, ca, ca.issue(), roles=roles)
    with pytest.raises(InvalidEnrolment, match="no local authority"):
        enrol(engine, ca, ca.issue(), roles=roles, local_authority="E99999999")
    assert list_users(engine) == []


def test_unknown_roles_organisations_and_short_passwords_are_refused(
    engine: Engine, ca: TestCA
) -> None:
    with pytest.raises(InvalidEnrolment, match="Unknown role superuser"):
        enrol(engine, ca, ca.issue(), roles="practitioner,superuser")
    with pytest.raises(InvalidEnrolment, match="at least one role"):
        enrol(engine, ca, ca.issue(), roles=" , ")
    with pytest.raises(InvalidEnrolment, match="no organisation"):
        enrol(engine, ca, ca.issue(), organisation_id=999)
    with pytest.raises(InvalidEnrolment, match="at least 12"):
        enrol(engine, ca, ca.issue(), password="short")
    assert audit_actions(engine) == []


def test_a_certificate_is_enrolled_once_and_must_come_from_a_trusted_ca(
    engine: Engine, ca: TestCA
) -> None:
    card = ca.issue()
    enrol(engine, ca, card, name="zz-one")

    with pytest.raises(Conflict, match="certificate is already enrolled"):
        enrol(engine, ca, card, name="zz-two")
    with pytest.raises(Conflict, match="name is already enrolled"):
        enrol(engine, ca, ca.issue(), name="zz-one")
    untrusted = TestCA.create("Zzother CA").issue()
    with pytest.raises(InvalidEnrolment, match="not issued by a trusted authority"):
        enrol(engine, ca, untrusted, name="zz-three")
    assert [u.name for u in list_users(engine)] == ["zz-one"]


def test_suspension_is_audited_and_unknown_users_are_not_found(engine: Engine, ca: TestCA) -> None:
    enrol(engine, ca, ca.issue(), name="zz-one")

    suspended = suspend_user(engine, "zz-one", now=NOW, actor="test:administrator")

    assert suspended.status == "suspended"
    assert [u.status for u in list_users(engine)] == ["suspended"]
    actor, action, detail = audit_actions(engine)[-1]
    assert (actor, action) == ("test:administrator", "user_suspend")
    assert detail == {"user": "zz-one", "was": "active", "sessions_ended": 0}
    with pytest.raises(NotFound):
        suspend_user(engine, "zz-nobody", now=NOW, actor="test:administrator")
