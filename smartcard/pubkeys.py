"""Public keys read out of a token as `cryptography` objects, and the EC curve parameters."""

from __future__ import annotations

import pkcs11
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import Attribute, KeyType

from smartcard.errors import KeyMissing

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey

# DER of the namedCurve OID 1.2.840.10045.3.1.7 (prime256v1 / secp256r1), the CKA_EC_PARAMS
# of a P-256 key.
P256_PARAMS = bytes.fromhex("06082a8648ce3d030107")
_P256_POINT_LENGTH = 65  # 0x04 || x || y


def _ec_point(value: bytes) -> bytes:
    """The uncompressed point from CKA_EC_POINT.

    PKCS#11 says CKA_EC_POINT is a DER OCTET STRING wrapping the point, which is what
    SoftHSM returns; some older modules return the bare point. Accept both.
    """
    if len(value) == _P256_POINT_LENGTH:
        return value
    if len(value) == _P256_POINT_LENGTH + 2 and value[0] == 0x04 and value[1] == len(value) - 2:
        return value[2:]
    raise KeyMissing("The token's EC public key is not an uncompressed P-256 point.")


def to_cryptography(key: pkcs11.Key) -> PublicKey:
    """The `cryptography` public key of a token's public-key object (EC P-256 or RSA)."""
    if key.key_type == KeyType.EC:
        if key[Attribute.EC_PARAMS] != P256_PARAMS:
            raise KeyMissing("The token's EC key is not on the P-256 curve.")
        point = _ec_point(key[Attribute.EC_POINT])
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    if key.key_type == KeyType.RSA:
        modulus = int.from_bytes(key[Attribute.MODULUS], "big")
        exponent = int.from_bytes(key[Attribute.PUBLIC_EXPONENT], "big")
        return rsa.RSAPublicNumbers(exponent, modulus).public_key()
    raise KeyMissing("The token's key is neither EC nor RSA.")
