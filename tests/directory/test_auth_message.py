"""The signed message is exactly DESIGN.md 3.7's, and only the fixed signature forms pass."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from directory.auth import login_message, override_message
from directory.auth.message import signature_is_valid
from tests.directory.pki import TestCA


def test_the_messages_are_the_wire_contract_byte_for_byte() -> None:
    assert login_message("https://cp.example:443", "abc_-1", "bm9uY2U=") == (
        b"contactpoint-auth-v1\nhttps://cp.example:443\nabc_-1\nbm9uY2U="
    )
    assert override_message("https://cp.example:443", "abc", "bm9uY2U=", "1234567890") == (
        b"contactpoint-override-v1\nhttps://cp.example:443\nabc\nbm9uY2U=\n1234567890"
    )


@pytest.mark.parametrize("origin", ["", "https://a:1\nextra", "https://a:1\r", "x\x00"])
def test_a_field_with_a_line_break_or_control_character_is_refused(origin: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        login_message(origin, "abc", "bm9uY2U=")


def test_ecdsa_p256_signatures_verify_over_the_exact_message() -> None:
    card = TestCA.create().issue("ec")
    message = login_message("https://cp.example:443", "abc", "bm9uY2U=")
    key = card.certificate.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)

    assert signature_is_valid(key, card.sign(message), message)
    assert not signature_is_valid(key, card.sign(message), message + b"x")
    assert not signature_is_valid(key, b"\x30\x00", message)


def test_rsa_signatures_must_be_pss_sha256_with_a_32_byte_salt() -> None:
    card = TestCA.create().issue("rsa")
    key = card.certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    private = card.key
    assert isinstance(private, rsa.RSAPrivateKey)
    message = login_message("https://cp.example:443", "abc", "bm9uY2U=")

    def pss(salt: int) -> padding.PSS:
        return padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt)

    assert signature_is_valid(key, private.sign(message, pss(32), hashes.SHA256()), message)
    assert not signature_is_valid(key, private.sign(message, pss(20), hashes.SHA256()), message)
    assert not signature_is_valid(
        key, private.sign(message, padding.PKCS1v15(), hashes.SHA256()), message
    )
