"""The exact bytes a token signs, and how the directory checks the signature (DESIGN.md 3.7).

Login message, UTF-8 encoded, fields separated by a single line feed, no trailing newline:

    contactpoint-auth-v1 LF origin LF challenge_id LF nonce

Override re-authentication message:

    contactpoint-override-v1 LF origin LF challenge_id LF nonce LF cp_id

* `origin` is scheme://host:port exactly as the client addressed the directory; the
  directory compares it with its own configured origin simply by verifying over that, so a
  signature relayed from another site fails.
* `challenge_id` is the challenge's id as returned in the JSON.
* `nonce` is the base64 TEXT exactly as it appears in the challenge's JSON (standard
  alphabet, with padding), not the decoded bytes: any client can then build the message
  from the JSON alone, without re-encoding.
* `cp_id` is the ContactPoint ID in its normalised form, as the override challenge
  returned it.

Signature, base64 on the wire and raw bytes here:

* EC P-256 keys: ECDSA over SHA-256 of the message, DER-encoded (r, s).
* RSA keys: RSASSA-PSS with SHA-256, MGF1 with SHA-256, and a salt length of exactly 32
  bytes (the digest length). Other salt lengths are refused rather than auto-detected, so
  that every client produces one well-defined form. PKCS#1 v1.5 signatures are refused.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from directory.auth.certificates import PublicKey

LOGIN_PREFIX = "contactpoint-auth-v1"
OVERRIDE_PREFIX = "contactpoint-override-v1"
PSS_SALT_LENGTH = 32
PSS_PADDING = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=PSS_SALT_LENGTH)


def _field(value: str, what: str) -> str:
    # A line feed inside a field would let one message pass for another.
    if not value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError(f"The {what} is empty or holds control characters.")
    return value


def login_message(origin: str, challenge_id: str, nonce_b64: str) -> bytes:
    fields = (
        LOGIN_PREFIX,
        _field(origin, "origin"),
        _field(challenge_id, "challenge id"),
        _field(nonce_b64, "nonce"),
    )
    return "\n".join(fields).encode("utf-8")


def override_message(origin: str, challenge_id: str, nonce_b64: str, cp_id: str) -> bytes:
    fields = (
        OVERRIDE_PREFIX,
        _field(origin, "origin"),
        _field(challenge_id, "challenge id"),
        _field(nonce_b64, "nonce"),
        _field(cp_id, "ContactPoint ID"),
    )
    return "\n".join(fields).encode("utf-8")


def signature_is_valid(key: PublicKey, signature: bytes, message: bytes) -> bool:
    """True only for a signature in the one form this module's docstring fixes."""
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, message, PSS_PADDING, hashes.SHA256())
        else:  # pragma: no cover - certificates.PublicKey admits no other type
            return False
    except (InvalidSignature, ValueError):
        return False
    return True
