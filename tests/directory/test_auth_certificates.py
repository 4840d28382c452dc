"""Token certificates: chain to a trusted CA, dates, key types; the trusted CA files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from directory.auth import load_trusted_cas, parse_certificate, verify_client_certificate
from directory.errors import AuthenticationFailed
from tests.directory.pki import NOW, KeyKind, TestCA


def refusal(der: bytes, ca: TestCA, now: dt.datetime = NOW) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        verify_client_certificate(der, [ca.certificate], now)
    return refused.value.reason


@pytest.mark.parametrize(
    ("ca_kind", "pss", "card_kind"),
    [("ec", False, "ec"), ("ec", False, "rsa"), ("rsa", False, "ec"), ("rsa", True, "rsa")],
)
def test_a_certificate_from_a_trusted_ca_is_accepted(
    ca_kind: KeyKind, pss: bool, card_kind: KeyKind
) -> None:
    # RSA CAs sign with PKCS#1 v1.5 or PSS; both are accepted for the CA's signature.
    ca = TestCA.create(kind=ca_kind, pss=pss)
    card = ca.issue(card_kind)

    verified = verify_client_certificate(
        card.der, [TestCA.create("Other CA").certificate, ca.certificate], NOW
    )

    assert verified.fingerprint == card.certificate.fingerprint(hashes.SHA256()).hex()
    assert verified.der == card.der
    assert verified.not_after == card.certificate.not_valid_after_utc


def test_another_ca_or_a_ca_with_the_same_name_but_another_key_is_refused() -> None:
    ours, theirs = TestCA.create(), TestCA.create("Zzother Council Token CA")
    impostor = TestCA.create()  # same subject name as ours, its own key

    assert refusal(theirs.issue().der, ours) == "untrusted_issuer"
    assert refusal(impostor.issue().der, ours) == "untrusted_issuer"


def test_dates_of_the_certificate_and_of_the_ca_are_checked() -> None:
    ca = TestCA.create()
    expired = ca.issue(not_after=NOW - dt.timedelta(seconds=1))
    early = ca.issue(not_before=NOW + dt.timedelta(hours=1))
    old_ca = TestCA.create(not_after=NOW - dt.timedelta(days=1))

    assert refusal(expired.der, ca) == "certificate_expired"
    assert refusal(early.der, ca) == "certificate_not_yet_valid"
    assert refusal(old_ca.issue().der, old_ca) == "issuing_authority_expired"


def test_ca_certificates_unusable_keys_and_garbage_are_refused() -> None:
    ca = TestCA.create()

    assert refusal(ca.issue(ca=True).der, ca) == "certificate_is_ca"
    assert (
        refusal(ca.issue(key=ec.generate_private_key(ec.SECP384R1())).der, ca) == "unsupported_key"
    )
    assert refusal(ca.issue(digital_signature=False).der, ca) == "key_usage"
    assert refusal(b"not a certificate", ca) == "certificate_unreadable"


def test_a_naive_time_is_refused() -> None:
    ca = TestCA.create()
    with pytest.raises(ValueError, match="aware"):
        verify_client_certificate(ca.issue().der, [ca.certificate], NOW.replace(tzinfo=None))


def test_trusted_cas_load_from_pem_files(tmp_path: Path) -> None:
    one, two = TestCA.create("Zzone CA"), TestCA.create("Zztwo CA")
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(one.pem + two.pem)
    leaf = tmp_path / "leaf.pem"
    leaf.write_bytes(one.issue().pem)

    assert load_trusted_cas([bundle]) == (one.certificate, two.certificate)
    with pytest.raises(ValueError, match="not a CA"):
        load_trusted_cas([leaf])
    junk = tmp_path / "junk.pem"
    junk.write_bytes(b"junk")
    with pytest.raises(ValueError, match="not a PEM"):
        load_trusted_cas([junk])


def test_a_certificate_parses_from_pem_or_der() -> None:
    card = TestCA.create().issue()
    assert parse_certificate(card.pem) == parse_certificate(card.der) == card.certificate
