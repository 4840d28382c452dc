"""Sessions: idle and absolute expiry, logout, suspension; override re-authentication."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import Engine, select

from directory import audit
from directory.auth import (
    Policy,
    RevocationLists,
    issue_challenge,
    open_session,
    resolve_session,
    revoke_session,
    suspend_user,
    verify_reauth,
)
from directory.errors import AuthenticationFailed
from directory.schema import audit_log
from directory.viewer import Role
from tests.directory.builders import LA_NORTH, World, cp_id_for
from tests.directory.pki import NOW, ORIGIN, Card, TestCA, enrol
from tests.directory.test_auth_login import refusal_after_signing

POLICY = Policy(password_required=False, idle_minutes=15, absolute_hours=8)
CP_ID = cp_id_for(1)
OTHER_CP_ID = cp_id_for(2)
USER = "user:zz-practitioner"


@pytest.fixture
def ca(engine: Engine) -> TestCA:
    World(engine).setup()
    return TestCA.create()


@pytest.fixture
def card(engine: Engine, ca: TestCA) -> Card:
    card = ca.issue()
    enrol(engine, ca, card, roles="practitioner,override", organisation_id=3)
    return card


def login(engine: Engine, ca: TestCA, card: Card, now: dt.datetime = NOW) -> str:
    challenge = issue_challenge(engine, card.der, [ca.certificate], now, POLICY)
    signature = card.sign_login(challenge)
    return open_session(engine, challenge.challenge_id, signature, None, ORIGIN, now, POLICY).token


def reason(engine: Engine, token: str, now: dt.datetime) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        resolve_session(engine, token, now)
    return refused.value.reason


def test_each_request_extends_the_idle_expiry_up_to_the_absolute_one(
    engine: Engine, ca: TestCA, card: Card
) -> None:
    token = login(engine, ca, card)
    moment = NOW
    # A request every 14 minutes keeps the session alive...
    while moment + dt.timedelta(minutes=14) < NOW + dt.timedelta(hours=8):
        moment += dt.timedelta(minutes=14)
        assert resolve_session(engine, token, moment).user_id == USER
    # ...until the absolute expiry.
    assert reason(engine, token, NOW + dt.timedelta(hours=8)) == "session_expired"


def test_a_session_unused_for_the_idle_period_ends(engine: Engine, ca: TestCA, card: Card) -> None:
    token = login(engine, ca, card)
    assert resolve_session(engine, token, NOW + dt.timedelta(minutes=10))
    assert reason(engine, token, NOW + dt.timedelta(minutes=25)) == "session_idle"


def test_logout_and_suspension_end_sessions(engine: Engine, ca: TestCA, card: Card) -> None:
    first, second = login(engine, ca, card), login(engine, ca, card)

    revoke_session(engine, first, NOW)

    assert reason(engine, first, NOW) == "session_revoked"
    with pytest.raises(AuthenticationFailed):
        revoke_session(engine, first, NOW)
    assert resolve_session(engine, second, NOW).user_id == USER
    suspend_user(engine, "zz-practitioner", now=NOW, actor="test:administrator")
    assert reason(engine, second, NOW) == "suspended"  # ended by the suspension, and says so
    assert reason(engine, "not-a-token", NOW) == "unknown_session"
    assert reason(engine, "x" * 5000, NOW) == "unknown_session"
    with engine.connect() as conn:
        actions = list(conn.scalars(select(audit_log.c.action).order_by(audit_log.c.seq)))
    assert actions == ["user_add", "login", "login", "logout", "user_suspend"]
    assert audit.verify(engine).ok


def test_the_viewer_carries_roles_organisation_and_authority(engine: Engine, ca: TestCA) -> None:
    card = ca.issue()
    enrol(engine, ca, card, name="zz-manager", roles="management", local_authority=LA_NORTH)
    viewer = resolve_session(engine, login(engine, ca, card), NOW)

    assert viewer.user_id == "user:zz-manager"
    assert viewer.roles == {Role.MANAGEMENT}
    assert viewer.local_authority == LA_NORTH
    assert viewer.organisation_id is None
    assert viewer.manages(LA_NORTH)


def test_override_reauthentication_needs_an_override_challenge_for_that_record(
    engine: Engine, ca: TestCA, card: Card
) -> None:
    def reauth(challenge_id: str, signature: bytes, cp_id: str = CP_ID, user: str = USER) -> None:
        verify_reauth(engine, user, challenge_id, signature, ORIGIN, cp_id, NOW, POLICY)

    def refusal(challenge_id: str, signature: bytes, cp_id: str = CP_ID) -> str:
        with pytest.raises(AuthenticationFailed) as refused:
            reauth(challenge_id, signature, cp_id)
        return refused.value.reason

    good = issue_challenge(
        engine, card.der, [ca.certificate], NOW, POLICY, purpose="override", cp_id=CP_ID
    )
    assert good.cp_id == CP_ID
    reauth(good.challenge_id, card.sign_override(good, CP_ID))
    assert refusal(good.challenge_id, card.sign_override(good, CP_ID)) == "challenge_used"

    # A login challenge, or a login-style signature, does not re-authenticate.
    login_challenge = issue_challenge(engine, card.der, [ca.certificate], NOW, POLICY)
    assert refusal(login_challenge.challenge_id, card.sign_login(login_challenge)) == (
        "wrong_purpose"
    )
    other = issue_challenge(
        engine, card.der, [ca.certificate], NOW, POLICY, purpose="override", cp_id=CP_ID
    )
    assert refusal(other.challenge_id, card.sign_login(other)) == "bad_signature"

    # The challenge and the override must name the same record.
    elsewhere = issue_challenge(
        engine, card.der, [ca.certificate], NOW, POLICY, purpose="override", cp_id=OTHER_CP_ID
    )
    signed = card.sign_override(elsewhere, OTHER_CP_ID)
    assert refusal(elsewhere.challenge_id, signed, CP_ID) == "wrong_record"

    # Another user's card does not re-authenticate this user.
    theirs = ca.issue()
    enrol(engine, ca, theirs, name="zz-colleague")
    borrowed = issue_challenge(
        engine, theirs.der, [ca.certificate], NOW, POLICY, purpose="override", cp_id=CP_ID
    )
    assert refusal(borrowed.challenge_id, theirs.sign_override(borrowed, CP_ID)) == "other_user"

    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail)
            .where(audit_log.c.action.in_(["reauth", "reauth_failed"]))
            .order_by(audit_log.c.seq)
        ).all()
    assert [(r.actor, r.action) for r in rows] == [(USER, "reauth")] + [(USER, "reauth_failed")] * 5
    assert json.loads(rows[0].detail)["cp_id"] == CP_ID
    assert audit.verify(engine).ok


def test_an_override_challenge_names_a_valid_record(engine: Engine, ca: TestCA, card: Card) -> None:
    with pytest.raises(ValueError, match="names the record"):
        issue_challenge(engine, card.der, [ca.certificate], NOW, POLICY, purpose="override")
    with pytest.raises(ValueError, match="Only an override"):
        issue_challenge(engine, card.der, [ca.certificate], NOW, POLICY, cp_id=CP_ID)


def test_last_use_is_recorded_at_most_every_step_and_only_ever_ends_a_session_sooner(
    engine: Engine, ca: TestCA, card: Card
) -> None:
    token = login(engine, ca, card)
    # Within the step the request is not written down: idleness counts from login...
    assert resolve_session(engine, token, NOW + dt.timedelta(seconds=10))
    assert reason(engine, token, NOW + dt.timedelta(minutes=15)) == "session_idle"
    # ...past it, it is, and the session lives on from that request.
    token = login(engine, ca, card)
    assert resolve_session(engine, token, NOW + dt.timedelta(seconds=40))
    assert resolve_session(engine, token, NOW + dt.timedelta(minutes=15, seconds=10))


def test_a_lockout_ends_open_sessions_for_good(engine: Engine, ca: TestCA) -> None:
    policy = Policy(password_required=True, max_failures=2, lockout_minutes=15)
    card = ca.issue()
    enrol(engine, ca, card, password="correct horse battery")

    def attempt(password: str) -> str:
        challenge = issue_challenge(engine, card.der, [ca.certificate], NOW, policy)
        return open_session(
            engine,
            challenge.challenge_id,
            card.sign_login(challenge),
            password,
            ORIGIN,
            NOW,
            policy,
        ).token

    token = attempt("correct horse battery")
    assert resolve_session(engine, token, NOW).user_id == USER
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            attempt("a wrong guess")

    assert reason(engine, token, NOW) == "locked"
    # Ended, not paused: the session does not come back when the lock lapses.
    after_lock = NOW + dt.timedelta(minutes=16)
    assert reason(engine, token, after_lock) == "session_revoked"
    assert reason(engine, token, after_lock) == "session_revoked"
    with engine.connect() as conn:
        ended = conn.execute(
            select(audit_log.c.actor, audit_log.c.detail).where(
                audit_log.c.action == "session_ended"
            )
        ).all()
    assert [(actor, json.loads(detail)) for actor, detail in ended] == [
        (USER, {"reason": "locked"})
    ]


def test_a_session_ends_when_its_certificate_expires(engine: Engine, ca: TestCA) -> None:
    card = ca.issue(not_after=NOW + dt.timedelta(minutes=20))
    enrol(engine, ca, card)
    token = login(engine, ca, card)

    assert resolve_session(engine, token, NOW + dt.timedelta(minutes=10)).user_id == USER
    assert reason(engine, token, NOW + dt.timedelta(minutes=21)) == "certificate_expired"


def test_a_revoked_certificate_ends_its_sessions_and_gets_no_session(
    engine: Engine, ca: TestCA, card: Card, tmp_path: Path
) -> None:
    crl = tmp_path / "ca.crl"
    crl.write_bytes(ca.crl())
    lists = RevocationLists([ca.certificate], required=[crl], check_interval=0)
    token = login(engine, ca, card)
    assert resolve_session(engine, token, NOW, lists).user_id == USER

    crl.write_bytes(ca.crl([card], encoding=Encoding.DER))  # the CA publishes a new list

    with pytest.raises(AuthenticationFailed) as ended:
        resolve_session(engine, token, NOW, lists)
    assert (ended.value.reason, ended.value.code) == ("certificate_revoked", "certificate_revoked")
    challenge = issue_challenge(engine, card.der, [ca.certificate], NOW, POLICY, revocations=lists)
    told = refusal_after_signing(engine, card, challenge, revocations=lists)
    assert told.code == "certificate_revoked"


def test_crl_files_are_looked_at_at_most_once_per_interval(ca: TestCA, tmp_path: Path) -> None:
    card = ca.issue()
    crl = tmp_path / "ca.crl"
    crl.write_bytes(ca.crl())
    ticks = [0.0]
    lists = RevocationLists(
        [ca.certificate], optional=[crl], check_interval=1.0, clock=lambda: ticks[0]
    )
    crl.write_bytes(ca.crl([card]))

    ticks[0] = 0.5
    assert not lists.is_revoked(card.certificate)
    ticks[0] = 1.5
    assert lists.is_revoked(card.certificate)
    # A list that stops verifying (half written, or forged) does not undo a revocation.
    crl.write_bytes(b"-----BEGIN X509 CRL-----\ngarbage\n-----END X509 CRL-----\n")
    ticks[0] = 3.0
    assert lists.is_revoked(card.certificate)
    crl.write_bytes(ca.crl(signer=TestCA.create("Zzforger").key))
    ticks[0] = 4.5
    assert lists.is_revoked(card.certificate)


def test_a_named_crl_must_exist_and_be_signed_by_a_trusted_ca(ca: TestCA, tmp_path: Path) -> None:
    forged = tmp_path / "forged.crl"
    forged.write_bytes(ca.crl(signer=TestCA.create("Zzforger").key))
    with pytest.raises(ValueError, match="not a CRL signed by a trusted CA"):
        RevocationLists([ca.certificate], required=[forged])
    with pytest.raises(ValueError, match="no such CRL file"):
        RevocationLists([ca.certificate], required=[tmp_path / "missing.crl"])
    # The optional one beside a CA file may be absent.
    assert not RevocationLists([ca.certificate], optional=[tmp_path / "missing.crl"]).is_revoked(
        ca.issue().certificate
    )
