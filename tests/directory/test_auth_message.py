"""Only the fixed signature forms pass over the signed message (contract.messages)."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from contract.messages import login_message
from directory.auth.message import signature_is_valid
from tests.directory.pki import TestCA


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
