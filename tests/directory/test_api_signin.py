"""Sign-in over HTTP: one answer before proof of possession, the reason after it, limits
that do not depend on the account, and refusals (even of certificates that do not parse)
answered 4xx in the error shape and audited (DESIGN.md 3.6, 3.7)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID, NameOID
from sqlalchemy import Engine, select

from contract.messages import login_message
from directory.api.server import NoTracebacks
from directory.auth import Policy, suspend_user
from directory.schema import audit_log
from tests.directory.pki import NOW, ORIGIN, Card, TestCA, enrol
from tests.directory.test_api import Directory, assert_error


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(engine: Engine, tmp_path: Path, clock: Clock) -> Iterator[Directory]:
    directory = Directory(engine, tmp_path, clock=clock)
    with directory.client:
        yield directory


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def challenge(api: Directory, der: bytes) -> dict[str, str]:
    issued = api.client.post("/v1/auth/challenges", json={"certificate": b64(der)})
    assert issued.status_code == 201, issued.text
    body: dict[str, str] = issued.json()
    assert set(body) == {"challenge_id", "nonce", "expires_at"}
    assert issued.headers["cache-control"] == "no-store"
    return body


def sign_in(api: Directory, issued: dict[str, str], card: Card) -> httpx.Response:
    message = login_message(ORIGIN, issued["challenge_id"], issued["nonce"])
    return api.client.post(
        "/v1/auth/sessions",
        json={"challenge_id": issued["challenge_id"], "signature": b64(card.sign(message))},
    )


def broken_basic_constraints() -> bytes:
    """A self-signed certificate whose BasicConstraints value is not BasicConstraints."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Zzbroken")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=1))
        .add_extension(
            x509.UnrecognizedExtension(ExtensionOID.BASIC_CONSTRAINTS, b"\x30\x03\x01\x01"),
            critical=True,
        )
    )
    return builder.sign(key, hashes.SHA256()).public_bytes(Encoding.DER)


def test_every_refusal_looks_like_success_until_the_token_signs(
    api: Directory, engine: Engine
) -> None:
    other = TestCA.create("Zzother CA")
    suspended, revoked = api.ca.issue(name="zz-suspended"), api.ca.issue(name="zz-revoked")
    enrol(engine, api.ca, suspended, name="zz-suspended")
    enrol(engine, api.ca, revoked, name="zz-revoked")
    suspend_user(engine, "zz-suspended", now=NOW, actor="test:administrator")
    api.crl_file.write_bytes(api.ca.crl([revoked]))
    cases = {
        "account_suspended": suspended,
        "certificate_revoked": revoked,
        "not_enrolled": api.ca.issue(),
        "certificate_expired": api.ca.issue(not_after=NOW - dt.timedelta(days=1)),
        "certificate_not_yet_valid": api.ca.issue(not_before=NOW + dt.timedelta(days=1)),
        "certificate_untrusted": other.issue(),
    }
    forger = other.issue()
    generic = set()
    for code, card in cases.items():
        # A copy of the certificate, without the key: the same refusal for every case.
        forged = sign_in(api, challenge(api, card.der), forger)
        generic.add((forged.status_code, forged.json()["error"], forged.json()["message"]))
        told = assert_error(sign_in(api, challenge(api, card.der), card), 401, code)
        assert "correlation_id" in told
    assert len(generic) == 1
    status, error, _ = generic.pop()
    assert (status, error) == (401, "authentication_failed")
    # And the enrolled, active card signs in as before.
    ok = sign_in(
        api, challenge(api, api.cards["zz-practitioner"].der), api.cards["zz-practitioner"]
    )
    assert ok.status_code == 201, ok.text


def test_a_revoked_certificate_ends_an_open_session(api: Directory) -> None:
    auth = api.login("zz-practitioner")
    assert api.client.get("/v1/reference/override-reasons", headers=auth).status_code == 200
    api.crl_file.write_bytes(api.ca.crl([api.cards["zz-practitioner"]], encoding=Encoding.DER))
    refused = api.client.get("/v1/reference/override-reasons", headers=auth)
    assert_error(refused, 401, "certificate_revoked")


def test_the_limits_are_the_same_for_every_certificate(
    engine: Engine, tmp_path: Path, clock: Clock
) -> None:
    policy = Policy(password_required=False, challenges_per_address_per_minute=4)
    api = Directory(engine, tmp_path, policy=policy, clock=clock)
    suspended = api.ca.issue()
    enrol(engine, api.ca, suspended, name="zz-suspended")
    suspend_user(engine, "zz-suspended", now=NOW, actor="test:administrator")
    with api.client:
        for card in (api.cards["zz-practitioner"], suspended, api.ca.issue(), api.ca.issue()):
            challenge(api, card.der)
        for card in (api.cards["zz-practitioner"], suspended, api.ca.issue()):
            refused = api.client.post("/v1/auth/challenges", json={"certificate": b64(card.der)})
            assert_error(refused, 429, "rate_limited")
        clock.now = NOW + dt.timedelta(minutes=1)
        challenge(api, suspended.der)


def test_a_malformed_extension_is_refused_in_the_error_shape_and_audited(
    api: Directory, engine: Engine, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    refused = api.client.post(
        "/v1/auth/challenges", json={"certificate": b64(broken_basic_constraints())}
    )
    assert_error(refused, 401, "authentication_failed")
    clock.now = NOW + dt.timedelta(minutes=2)
    challenge(api, api.cards["zz-practitioner"].der)  # any later request writes the audit
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.detail).where(
                audit_log.c.action == "login_failed"
            )
        ).all()
    details = [json.loads(detail) for _, detail in rows]
    assert [(d["stage"], d["reasons"]) for d in details] == [
        ("challenge", {"certificate_unreadable": 1})
    ]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_unknown_routes_and_wrong_methods_answer_in_the_error_shape(api: Directory) -> None:
    assert_error(api.client.get("/v1/no-such-thing"), 404, "not_found")
    assert_error(api.client.get("/"), 404, "not_found")
    wrong = api.client.delete("/v1/searches")
    assert_error(wrong, 405, "method_not_allowed")
    assert wrong.headers["allow"] == "POST"
    not_json = api.client.post(
        "/v1/auth/sessions", content=b"[" * 5000, headers={"content-type": "application/json"}
    )
    assert_error(not_json, 400, "invalid_body")


def test_an_unexpected_failure_is_a_500_whose_log_holds_no_traceback_or_data(
    api: Directory, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    auth = api.login("zz-practitioner")

    def fails(*args: object, **kwargs: object) -> None:
        # What the real search cannot be made to do: fail with personal data in its error.
        raise RuntimeError("Zzsecretname 2015-03-07")

    monkeypatch.setattr(api.client.app.state.directory, "search", fails)  # type: ignore[attr-defined]
    failed = api.client.post(
        "/v1/searches", headers=auth, json={"criteria": {"family_name": "Zzsecretname"}}
    )
    body = assert_error(failed, 500, "internal_error")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"unexpected RuntimeError cid={body['correlation_id']}" in logged
    assert "Zzsecretname" not in logged
    assert not [r for r in caplog.records if r.exc_info]


def test_the_served_log_drops_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(NoTracebacks())
    logger = logging.getLogger("zz.test.no_tracebacks")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("Zzsecretname")
        except ValueError:
            logger.exception("Exception in ASGI application")
    finally:
        logger.removeHandler(handler)
    written = capsys.readouterr().err
    assert "Exception in ASGI application" in written
    assert "Traceback" not in written and "Zzsecretname" not in written
