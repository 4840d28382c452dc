"""Wrapping a symmetric key for a token's key-management key, in software.

Wrapping needs only the public key, so the cache (issue 5) can wrap a new key without the
PIN; unwrapping happens on the token (`Token.unwrap`). Both sides use RSA-OAEP with SHA-256
and MGF1-SHA256 and no label: change one and you must change the other.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def oaep_padding() -> padding.OAEP:
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def wrap_for_token(public_key: rsa.RSAPublicKey, key: bytes | bytearray) -> bytes:
    """RSA-OAEP(SHA-256) encryption of `key` (e.g. a 32-byte cache key) for the token."""
    return public_key.encrypt(bytes(key), oaep_padding())
