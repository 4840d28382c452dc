"""How the directory checks a token's signature over the signed message (DESIGN.md 3.7).

The bytes signed are the contract's (contract.messages: login_message, override_message);
this module fixes the one signature form each key type may use. Base64 on the wire, raw
bytes here:

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

PSS_SALT_LENGTH = 32
PSS_PADDING = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=PSS_SALT_LENGTH)


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
