"""No input makes sign-in or search answer 5xx, and none puts a traceback in the log.

Hypothesis feeds `/v1/auth/challenges`, `/v1/auth/sessions` and `/v1/searches` malformed
DER certificates (real ones mutated, random bytes, certificates built with broken
extensions or a key that is not a point on its curve, oversized ones), signatures, bodies
and headers. Every answer must be below 500, in the error shape when it refuses, and the
captured log must hold no record with a traceback. The directory is the real one, on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from directory.auth import Policy
from tests.directory.pki import NOW, TestCA
from tests.directory.test_api import Directory

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Limits high enough that the fuzzing reaches the parsers rather than the rate limit.
UNLIMITED = Policy(
    password_required=False,
    challenges_per_minute=1_000_000,
    challenges_per_address_per_minute=1_000_000,
)
KEY = ec.generate_private_key(ec.SECP256R1())
NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Zzfuzz")])
# Extensions whose values the directory reads, and a few it does not.
EXTENSIONS = [
    ExtensionOID.BASIC_CONSTRAINTS,
    ExtensionOID.KEY_USAGE,
    ExtensionOID.EXTENDED_KEY_USAGE,
    ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
    ExtensionOID.SUBJECT_KEY_IDENTIFIER,
    ExtensionOID.NAME_CONSTRAINTS,
    ExtensionOID.CERTIFICATE_POLICIES,
    ExtensionOID.CRL_DISTRIBUTION_POINTS,
]


@pytest.fixture
def api(engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Directory]:
    caplog.set_level(logging.INFO)
    directory = Directory(engine, tmp_path, policy=UNLIMITED)
    with directory.client:
        yield directory


def _builder(issuer: TestCA | None) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(NAME)
        .issuer_name(NAME if issuer is None else issuer.certificate.subject)
        .public_key(KEY.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
    )


@st.composite
def broken_extension_certificates(draw: st.DrawFn) -> bytes:
    """Certificates that cryptography builds, carrying extension values that are garbage
    or merely odd (an EKU without client auth, BasicConstraints saying CA, empty ones)."""
    builder = _builder(None)
    oids = draw(st.lists(st.sampled_from(EXTENSIONS), min_size=1, max_size=3, unique=True))
    for oid in oids:
        value = draw(
            st.one_of(
                st.binary(max_size=40),
                st.sampled_from([b"\x30\x00", b"\x30\x03\x01\x01", b"\x03\x02\x00", b"\x04\x00"]),
            )
        )
        builder = builder.add_extension(x509.UnrecognizedExtension(oid, value), draw(st.booleans()))
    if ExtensionOID.EXTENDED_KEY_USAGE not in oids and draw(st.booleans()):
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False
        )
    return builder.sign(KEY, hashes.SHA256()).public_bytes(Encoding.DER)


@st.composite
def bad_key_certificates(draw: st.DrawFn) -> bytes:
    """A well-formed certificate whose public key bytes are replaced: byte surgery on the
    encoded point, so that the key is no longer a point on P-256 (or not a key at all)."""
    der = _builder(None).sign(KEY, hashes.SHA256()).public_bytes(Encoding.DER)
    point = KEY.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    replacement = draw(st.binary(min_size=len(point), max_size=len(point)))
    return der.replace(point, replacement)


@st.composite
def mutated_certificates(draw: st.DrawFn) -> bytes:
    """A real enrolled certificate with bytes flipped, cut, inserted or duplicated."""
    der = bytearray(draw(st.sampled_from(REAL_CERTIFICATES)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(der) - 1))
        match draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"])):
            case "flip":
                der[at] ^= draw(st.integers(1, 255))
            case "cut":
                del der[at : at + draw(st.integers(1, 16))]
            case "insert":
                der[at:at] = draw(st.binary(min_size=1, max_size=8))
            case "truncate":
                del der[at:]
            case "repeat":
                der[at:at] = der[at : at + draw(st.integers(1, 64))]
        if not der:
            der = bytearray(b"\x30")
    return bytes(der)


REAL_CA = TestCA.create("Zzfuzz CA")
REAL_CERTIFICATES = [REAL_CA.issue().der, REAL_CA.issue("rsa").der]
CERTIFICATES = st.one_of(
    mutated_certificates(),
    st.binary(max_size=2048),
    st.binary(min_size=8000, max_size=12_000),  # huge: near the body model's limit
    broken_extension_certificates(),
    bad_key_certificates(),
    st.just(b"\x30\x84\xff\xff\xff\xff"),  # a length far beyond the data
)
# Anything JSON can carry, including the escapes that decode to NUL and lone surrogates.
ODD_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "\udfff\ud800", "\u202e", "%00", "../", ""]),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ODD_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
    max_leaves=12,
)


def check(response: httpx.Response, caplog: pytest.LogCaptureFixture) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "message", "correlation_id"}, body
        assert body["correlation_id"] == response.headers["x-correlation-id"]
    traced = [r for r in caplog.records if r.exc_info or r.stack_info]
    assert not traced, traced[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def post_raw(
    api: Directory, path: str, body: Any, headers: dict[str, Any] | None = None
) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return api.client.post(
        path, content=content, headers={"content-type": "application/json", **(headers or {})}
    )


@FUZZ
@given(der=CERTIFICATES, purpose=st.sampled_from([None, "login", "override"]))
def test_no_certificate_makes_a_challenge_fail_with_5xx(
    api: Directory, caplog: pytest.LogCaptureFixture, der: bytes, purpose: str | None
) -> None:
    body: dict[str, Any] = {"certificate": base64.b64encode(der).decode()}
    if purpose is not None:
        body["purpose"] = purpose
        if purpose == "override":
            body["cp_id"] = "000000000019"
    check(api.client.post("/v1/auth/challenges", json=body), caplog)


@FUZZ
@given(
    signature=st.one_of(
        st.binary(max_size=600).map(lambda b: base64.b64encode(b).decode()), ODD_TEXT
    ),
    challenge_id=st.one_of(st.none(), ODD_TEXT),
    password=st.one_of(st.none(), ODD_TEXT),
)
def test_no_signature_or_challenge_id_makes_a_session_fail_with_5xx(
    api: Directory,
    caplog: pytest.LogCaptureFixture,
    signature: str,
    challenge_id: str | None,
    password: str | None,
) -> None:
    if challenge_id is None:  # a real, unspent challenge for an enrolled card
        card = api.cards["zz-practitioner"]
        issued = api.client.post(
            "/v1/auth/challenges", json={"certificate": base64.b64encode(card.der).decode()}
        )
        challenge_id = issued.json()["challenge_id"]
    body: dict[str, Any] = {"challenge_id": challenge_id, "signature": signature}
    if password is not None:
        body["password"] = password
    check(post_raw(api, "/v1/auth/sessions", body), caplog)


@FUZZ
@given(
    path=st.sampled_from(["/v1/auth/challenges", "/v1/auth/sessions", "/v1/searches"]),
    body=st.one_of(JSON, st.binary(max_size=200)),
)
def test_no_body_makes_sign_in_or_search_fail_with_5xx(
    api: Directory, caplog: pytest.LogCaptureFixture, path: str, body: Any
) -> None:
    check(post_raw(api, path, body, AUTH[id(api)]), caplog)


CRITERIA = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(ODD_TEXT, st.integers(), st.none())
        for name in (
            "family_name",
            "given_name",
            "date_of_birth",
            "year_of_birth",
            "gender",
            "postcode",
            "cp_id",
        )
    },
)


@FUZZ
@given(
    criteria=CRITERIA,
    mode=st.one_of(st.sampled_from(["exact", "fuzzy"]), ODD_TEXT),
    correlation=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80),
    authorization=st.one_of(
        st.none(), st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=120)
    ),
)
def test_no_criteria_or_header_makes_a_search_fail_with_5xx(
    api: Directory,
    caplog: pytest.LogCaptureFixture,
    criteria: dict[str, Any],
    mode: str,
    correlation: str,
    authorization: str | None,
) -> None:
    headers = {"x-correlation-id": correlation.strip() or "-"}
    headers.update(AUTH[id(api)] if authorization is None else {"authorization": authorization})
    # As bytes: a client may send any Latin-1 octet in a header, not only ASCII.
    raw = {name: value.encode("latin-1") for name, value in headers.items()}
    check(post_raw(api, "/v1/searches", {"criteria": criteria, "mode": mode}, raw), caplog)


# Each fixture's directory signs in once; the session outlives the examples (fixed clock).
AUTH: dict[int, dict[str, str]] = {}


@pytest.fixture(autouse=True)
def _signed_in(api: Directory) -> Iterator[None]:
    AUTH[id(api)] = api.login("zz-practitioner")
    yield
    AUTH.pop(id(api))
