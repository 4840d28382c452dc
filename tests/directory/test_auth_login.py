"""Login: a signed challenge opens a session; every refusal is audited, counted and committed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from sqlalchemy import Engine, func, select

from directory import audit
from directory.auth import (
    Challenge,
    Policy,
    issue_challenge,
    open_session,
    resolve_session,
    suspend_user,
)
from directory.errors import AuthenticationFailed, RateLimited, SignInRefused
from directory.schema import app_user, audit_log, refusal_tally
from directory.viewer import Role
from tests.directory.builders import World
from tests.directory.pki import NOW, ORIGIN, Card, KeyKind, TestCA, enrol

POLICY = Policy(password_required=False)
PASSWORD = "correct horse battery"


@pytest.fixture
def ca(engine: Engine) -> TestCA:
    World(engine).setup()
    return TestCA.create()


def challenge_for(
    engine: Engine, ca: TestCA, card: Card, now: dt.datetime = NOW, policy: Policy = POLICY
) -> Challenge:
    return issue_challenge(engine, card.der, [ca.certificate], now, policy)


def login(
    engine: Engine,
    ca: TestCA,
    card: Card,
    *,
    password: str | None = None,
    policy: Policy = POLICY,
    now: dt.datetime = NOW,
) -> str:
    challenge = challenge_for(engine, ca, card, now, policy)
    return open_session(
        engine, challenge.challenge_id, card.sign_login(challenge), password, ORIGIN, now, policy
    ).token


def refusal_after_signing(
    engine: Engine, card: Card, challenge: Challenge, **options: Any
) -> SignInRefused:
    """What the card's holder is told once the card has signed the challenge."""
    with pytest.raises(SignInRefused) as told:
        open_session(
            engine,
            challenge.challenge_id,
            card.sign_login(challenge),
            None,
            ORIGIN,
            NOW,
            POLICY,
            **options,
        )
    return told.value


def last_audit(engine: Engine) -> tuple[str, str, dict[str, object]]:
    with engine.connect() as conn:
        row = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).one()
    return row.actor, row.action, json.loads(row.detail)


def audit_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(audit_log)) or 0)


def tallied(engine: Engine) -> dict[tuple[str, str], int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(refusal_tally.c.source, refusal_tally.c.reason, refusal_tally.c.count)
        ).all()
    return {(row[0], row[1]): row[2] for row in rows}


def refused(call: Callable[[], object]) -> str:
    with pytest.raises(AuthenticationFailed) as caught:
        call()
    return caught.value.reason


@pytest.mark.parametrize("kind", ["ec", "rsa"])
def test_a_signed_challenge_opens_a_session(engine: Engine, ca: TestCA, kind: KeyKind) -> None:
    card = ca.issue(kind)
    enrol(engine, ca, card, roles="practitioner,override", organisation_id=3)

    challenge = challenge_for(engine, ca, card)
    opened = open_session(
        engine, challenge.challenge_id, card.sign_login(challenge), None, ORIGIN, NOW, POLICY
    )

    assert challenge.expires_at == NOW + dt.timedelta(seconds=60)
    assert opened.expires_at == NOW + dt.timedelta(hours=8)
    assert opened.user.as_json() == {
        "name": "zz-practitioner",
        "organisation": "Zzhealth Visiting",
        "roles": ["practitioner", "override"],
        "local_authority": None,
    }
    viewer = resolve_session(engine, opened.token, NOW)
    assert viewer.user_id == "user:zz-practitioner"
    assert viewer.roles == {Role.PRACTITIONER, Role.OVERRIDE}
    assert viewer.organisation_id == 3
    actor, action, detail = last_audit(engine)
    assert (actor, action) == ("user:zz-practitioner", "login")
    assert detail["certificate"] == card.certificate.fingerprint(hashes.SHA256()).hex()
    assert opened.token not in json.dumps(detail)
    assert audit.verify(engine).ok


def test_a_bad_signature_or_another_origin_is_refused_and_spends_the_challenge(
    engine: Engine, ca: TestCA
) -> None:
    card = ca.issue()
    enrol(engine, ca, card)

    challenge = challenge_for(engine, ca, card)
    forged = ca.issue().sign_login(challenge)  # another key
    assert (
        refused(
            lambda: open_session(engine, challenge.challenge_id, forged, None, ORIGIN, NOW, POLICY)
        )
        == "bad_signature"
    )
    # The refusal committed: the challenge is spent even for the right signature now.
    right = card.sign_login(challenge)
    assert (
        refused(
            lambda: open_session(engine, challenge.challenge_id, right, None, ORIGIN, NOW, POLICY)
        )
        == "challenge_used"
    )

    relayed = challenge_for(engine, ca, card)
    elsewhere = card.sign_login(relayed, origin="https://phish.test:443")
    assert (
        refused(
            lambda: open_session(engine, relayed.challenge_id, elsewhere, None, ORIGIN, NOW, POLICY)
        )
        == "bad_signature"
    )

    actor, action, detail = last_audit(engine)
    assert (actor, action, detail["reason"]) == (
        "user:zz-practitioner",
        "login_failed",
        "bad_signature",
    )
    with engine.connect() as conn:  # a bad signature proves nothing about a secret
        assert conn.scalar(select(app_user.c.failed_attempts)) == 0
    assert audit.verify(engine).ok


def test_a_challenge_is_single_use_short_lived_and_must_exist(engine: Engine, ca: TestCA) -> None:
    card = ca.issue()
    enrol(engine, ca, card)
    challenge = challenge_for(engine, ca, card)
    signature = card.sign_login(challenge)
    open_session(engine, challenge.challenge_id, signature, None, ORIGIN, NOW, POLICY)

    assert (
        refused(
            lambda: open_session(
                engine, challenge.challenge_id, signature, None, ORIGIN, NOW, POLICY
            )
        )
        == "challenge_used"
    )

    late = challenge_for(engine, ca, card)
    after = NOW + dt.timedelta(seconds=61)
    assert (
        refused(
            lambda: open_session(
                engine, late.challenge_id, card.sign_login(late), None, ORIGIN, after, POLICY
            )
        )
        == "challenge_expired"
    )
    assert (
        refused(
            lambda: open_session(engine, "no-such-challenge", signature, None, ORIGIN, NOW, POLICY)
        )
        == "unknown_challenge"
    )
    # A challenge that cannot be spent is not yet tied to anyone: such refusals are counted
    # per client address (audited once a minute), not audited one row each.
    assert last_audit(engine)[1] == "login"
    assert tallied(engine) == {
        ("address:unknown", reason): 1
        for reason in ("challenge_used", "challenge_expired", "unknown_challenge")
    }
    assert audit.verify(engine).ok


def test_every_readable_certificate_gets_a_challenge_and_hears_why_only_after_signing(
    engine: Engine, ca: TestCA
) -> None:
    other = TestCA.create("Zzother CA")
    cards = {
        "certificate_expired": ca.issue(not_after=NOW - dt.timedelta(days=1)),
        "certificate_not_yet_valid": ca.issue(not_before=NOW + dt.timedelta(days=1)),
        "certificate_untrusted": other.issue(),
        "not_enrolled": ca.issue(),
    }
    for code, card in cards.items():
        challenge = challenge_for(engine, ca, card)
        assert set(challenge.as_json()) == {"challenge_id", "nonce", "expires_at"}
        # A copy of the certificate without its key learns nothing: the generic refusal.
        forged = other.issue().sign_login(challenge)
        with pytest.raises(AuthenticationFailed) as generic:
            open_session(engine, challenge.challenge_id, forged, None, ORIGIN, NOW, POLICY)
        assert (generic.value.code, generic.value.reason) == (
            "authentication_failed",
            "bad_signature",
        )
        # Its holder, having signed, is told why.
        challenge = challenge_for(engine, ca, card)
        assert refusal_after_signing(engine, card, challenge).code == code


def test_refused_challenges_are_audited_once_per_source_and_minute_with_the_count(
    engine: Engine, ca: TestCA
) -> None:
    policy = Policy(password_required=False, challenges_per_address_per_minute=100)
    before = audit_rows(engine)
    for _ in range(25):
        issue_challenge(engine, ca.issue().der, [ca.certificate], NOW, policy, address="192.0.2.7")
    # The flood took no audit row while its minute lasted...
    assert audit_rows(engine) == before
    # ...and the next challenge request after the minute (and its grace) writes one.
    later = NOW + dt.timedelta(minutes=2)
    issue_challenge(engine, ca.issue().der, [ca.certificate], later, policy, address="192.0.2.8")
    assert audit_rows(engine) == before + 1
    actor, action, detail = last_audit(engine)
    assert (actor, action, detail["stage"]) == ("unauthenticated", "login_failed", "challenge")
    assert detail["address"] == "192.0.2.7"
    assert (detail["count"], detail["reasons"]) == (25, {"unknown_certificate": 25})
    assert audit.verify(engine).ok


def test_an_enrolled_certificate_that_expires_before_use_is_refused(
    engine: Engine, ca: TestCA
) -> None:
    card = ca.issue(not_after=NOW + dt.timedelta(seconds=30))
    enrol(engine, ca, card)
    challenge = challenge_for(engine, ca, card)
    later = NOW + dt.timedelta(seconds=45)

    assert (
        refused(
            lambda: open_session(
                engine,
                challenge.challenge_id,
                card.sign_login(challenge),
                None,
                ORIGIN,
                later,
                POLICY,
            )
        )
        == "certificate_expired"
    )


def test_a_suspended_user_is_told_so_only_after_signing(engine: Engine, ca: TestCA) -> None:
    card = ca.issue()
    enrol(engine, ca, card)
    early = challenge_for(engine, ca, card)
    suspend_user(engine, "zz-practitioner", now=NOW, actor="test:administrator")
    late = challenge_for(engine, ca, card)  # the same answer as for an active account

    for challenge in (early, late):
        told = refusal_after_signing(engine, card, challenge)
        assert (told.code, told.reason) == ("account_suspended", "suspended")
    assert last_audit(engine)[:2] == ("user:zz-practitioner", "login_failed")


def test_repeated_failures_lock_the_account_until_the_period_ends(
    engine: Engine, ca: TestCA
) -> None:
    policy = Policy(password_required=True, max_failures=3, lockout_minutes=15)
    card = ca.issue()
    enrol(engine, ca, card, password=PASSWORD)

    for _ in range(3):
        assert refused(
            lambda: login(engine, ca, card, password="wrong guess!!", policy=policy)
        ) == ("bad_password")
    assert last_audit(engine)[2]["locked_until"] == (NOW + dt.timedelta(minutes=15)).isoformat()

    # Locked: even the right password is refused, once the token has signed.
    assert refused(lambda: login(engine, ca, card, password=PASSWORD, policy=policy)) == "locked"
    later = NOW + dt.timedelta(minutes=15, seconds=1)
    token = login(engine, ca, card, password=PASSWORD, policy=policy, now=later)

    assert resolve_session(engine, token, later).user_id == "user:zz-practitioner"
    with engine.connect() as conn:
        assert conn.execute(select(app_user.c.failed_attempts, app_user.c.locked_until)).one() == (
            0,
            None,
        )
    assert audit.verify(engine).ok


def test_the_password_factor(engine: Engine, ca: TestCA) -> None:
    required = Policy(password_required=True)
    with_password, without = ca.issue(), ca.issue()
    enrol(engine, ca, with_password, name="zz-with", password=PASSWORD)
    enrol(engine, ca, without, name="zz-without")

    # Required by policy: missing, not set, wrong are refused; right is accepted.
    assert refused(lambda: login(engine, ca, with_password, policy=required)) == (
        "password_missing"
    )
    assert refused(lambda: login(engine, ca, without, password=PASSWORD, policy=required)) == (
        "password_not_set"
    )
    assert (
        refused(lambda: login(engine, ca, with_password, password=PASSWORD + "x", policy=required))
        == "bad_password"
    )
    assert login(engine, ca, with_password, password=PASSWORD, policy=required)
    assert last_audit(engine)[2]["password"] is True

    # Not required by policy: a user enrolled with a password must still give it.
    assert refused(lambda: login(engine, ca, with_password)) == "password_missing"
    assert login(engine, ca, with_password, password=PASSWORD)
    assert login(engine, ca, without)
    with engine.connect() as conn:
        details = [json.loads(d) for d in conn.scalars(select(audit_log.c.detail))]
    assert not any(PASSWORD in json.dumps(d) for d in details)


def test_challenges_are_rate_limited_per_certificate_and_per_address_alike_for_everyone(
    engine: Engine, ca: TestCA
) -> None:
    policy = Policy(
        password_required=False, challenges_per_minute=3, challenges_per_address_per_minute=5
    )
    enrolled, suspended, unknown = ca.issue(), ca.issue(), ca.issue()
    enrol(engine, ca, enrolled, name="zz-active")
    enrol(engine, ca, suspended, name="zz-suspended")
    suspend_user(engine, "zz-suspended", now=NOW, actor="test:administrator")
    # Per certificate: the fourth in a minute is refused, whatever the account's state.
    for card in (enrolled, suspended, unknown):
        for _ in range(3):
            issue_challenge(engine, card.der, [ca.certificate], NOW, policy, address=str(id(card)))
        with pytest.raises(RateLimited):
            issue_challenge(engine, card.der, [ca.certificate], NOW, policy, address=str(id(card)))
    # Per address: the sixth from one address in a minute, whatever the certificates.
    for _ in range(5):
        issue_challenge(
            engine, ca.issue().der, [ca.certificate], NOW, policy, address="198.51.100.1"
        )
    with pytest.raises(RateLimited):
        issue_challenge(engine, enrolled.der, [ca.certificate], NOW, policy, address="198.51.100.1")
    # The next minute starts afresh.
    issue_challenge(
        engine,
        enrolled.der,
        [ca.certificate],
        NOW + dt.timedelta(seconds=61),
        policy,
        address="198.51.100.1",
    )


def test_bad_signatures_never_lock_a_practitioner_out(engine: Engine, ca: TestCA) -> None:
    # Whoever holds a copy of the (non-secret) certificate can make signatures fail; that
    # must not lock out the practitioner whose card it is.
    policy = Policy(password_required=False, max_failures=2)
    card, impostor = ca.issue(), ca.issue(name="Zzimpostor")
    enrol(engine, ca, card)
    for _ in range(3):
        challenge = challenge_for(engine, ca, card, policy=policy)
        forged = impostor.sign_login(challenge)
        assert (
            refused(
                lambda c=challenge, f=forged: open_session(
                    engine, c.challenge_id, f, None, ORIGIN, NOW, policy
                )
            )
            == "bad_signature"
        )
    assert login(engine, ca, card, policy=policy)
    with engine.connect() as conn:
        failures = conn.scalar(
            select(func.count()).select_from(audit_log).where(audit_log.c.action == "login_failed")
        )
    assert failures == 3
