"""Wrapping a symmetric key for a token's key-management key, in software.

Wrapping needs only the public key, so the cache (issue 5) can wrap a new key without the
PIN; unwrapping happens on the token (`Token.unwrap`). Both sides use RSA-OAEP with SHA-1,
MGF1-SHA1 and no label: change one and you must change the other.

Why SHA-1: SoftHSM 2.6 accepts CKM_RSA_PKCS_OAEP only with CKM_SHA_1 and CKG_MGF1_SHA1
(anything else is CKR_ARGUMENTS_BAD), and many cards are the same, since SHA-1 is the
PKCS#11 default. OAEP's security does not rest on collision resistance, and NIST SP
800-131A Rev. 2 still lists SHA-1 as acceptable outside digital signatures.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def oaep_padding() -> padding.OAEP:
    sha1 = hashes.SHA1()  # noqa: S303 - OAEP, not a signature: see the module docstring
    return padding.OAEP(mgf=padding.MGF1(sha1), algorithm=sha1, label=None)


def wrap_for_token(public_key: rsa.RSAPublicKey, key: bytes | bytearray) -> bytes:
    """RSA-OAEP (SHA-1) encryption of `key` (e.g. a 32-byte cache key) for the token."""
    return public_key.encrypt(bytes(key), oaep_padding())
