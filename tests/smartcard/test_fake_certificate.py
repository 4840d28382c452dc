"""FakeToken with a key and certificate issued elsewhere (a test CA): it presents that
certificate and signs as smartcard.Token does, so a directory that trusts the CA accepts it."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from smartcard import NotLoggedIn
from smartcard.fake import FakeToken
from tests.directory.pki import TestCA

PIN = "123456"


@pytest.mark.parametrize("kind", ["ec", "rsa"])
def test_an_issued_card_presents_its_certificate_and_signs_with_its_key(kind: str) -> None:
    ca = TestCA.create()
    card = ca.issue(kind, name="zz-card")  # type: ignore[arg-type]
    token = FakeToken("zz-card", pin=PIN, key=card.key, certificate_der=card.der)
    assert token.certificate_der() == card.der
    with pytest.raises(NotLoggedIn):
        token.sign(b"message")
    token.login(bytearray(PIN.encode()))
    signature = token.sign(b"message")
    public = card.certificate.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        public.verify(signature, b"message", ec.ECDSA(hashes.SHA256()))
    else:
        assert isinstance(public, rsa.RSAPublicKey)
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        public.verify(signature, b"message", pss, hashes.SHA256())


def test_a_certificate_for_another_key_is_refused() -> None:
    ca = TestCA.create()
    card, other = ca.issue(name="zz-card"), ca.issue(name="zz-other")
    with pytest.raises(ValueError, match="not for the key"):
        FakeToken("zz-card", key=card.key, certificate_der=other.der)


@pytest.mark.parametrize("half", ["key", "certificate"])
def test_the_key_and_certificate_come_together(half: str) -> None:
    card = TestCA.create().issue(name="zz-card")
    with pytest.raises(ValueError, match="together"):
        if half == "key":
            FakeToken("zz-card", key=card.key)
        else:
            FakeToken("zz-card", certificate_der=card.der)


def test_without_them_the_card_is_self_signed_as_before() -> None:
    token = FakeToken("zz-card", pin=PIN)
    assert b"FAKE TOKEN" in token.certificate_der()
