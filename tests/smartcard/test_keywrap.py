"""The wrapped cache key's format and its three schemes, in software: what the token must
undo (tests/smartcard/test_cards.py undoes it on real tokens)."""

from __future__ import annotations

import secrets

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from smartcard import BadWrappedKey, Scheme, WrappingKey, wrap_for_token
from smartcard.keywrap import (
    MAGIC,
    P256_POINT_BYTES,
    VERSION,
    oaep_padding,
    parse,
    point_of,
    recipient_id,
    unwrap_with_secret,
)

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _ecdh_unwrap(private: ec.EllipticCurvePrivateKey, blob: bytes) -> bytes:
    """What the card does with CKM_ECDH1_DERIVE, done here with the private key."""
    parsed = parse(blob)
    ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), parsed.ephemeral_point()
    )
    shared = private.exchange(ec.ECDH(), ephemeral)
    return unwrap_with_secret(parsed, shared, point_of(private.public_key()))


@pytest.mark.parametrize("scheme", [Scheme.RSA_OAEP_SHA1, Scheme.RSA_OAEP_SHA256])
def test_an_rsa_blob_names_its_scheme_and_recipient_and_decrypts_with_oaep(
    scheme: Scheme,
) -> None:
    key = secrets.token_bytes(32)
    blob = wrap_for_token(WrappingKey(RSA_KEY.public_key(), scheme), key)
    assert blob[:4] == MAGIC and blob[4] == VERSION and blob[5] == scheme
    parsed = parse(blob)
    assert parsed.scheme is scheme
    assert parsed.is_for(RSA_KEY.public_key())
    assert RSA_KEY.decrypt(parsed.body, oaep_padding(scheme)) == key


def test_an_ec_blob_is_ecdh_hkdf_and_aes_key_wrap() -> None:
    key = bytearray(secrets.token_bytes(32))
    blob = wrap_for_token(WrappingKey(EC_KEY.public_key(), Scheme.ECDH_P256), key)
    parsed = parse(blob)
    assert parsed.scheme is Scheme.ECDH_P256
    assert len(parsed.ephemeral_point()) == P256_POINT_BYTES
    assert len(parsed.wrapped_key()) == 32 + 8  # RFC 3394 adds one 64-bit block
    assert _ecdh_unwrap(EC_KEY, blob) == key


def test_each_ec_wrap_uses_a_fresh_ephemeral_key() -> None:
    target = WrappingKey(EC_KEY.public_key(), Scheme.ECDH_P256)
    first, second = (parse(wrap_for_token(target, bytes(32))) for _ in range(2))
    assert first.ephemeral_point() != second.ephemeral_point()


def test_an_ec_blob_for_another_key_does_not_unwrap() -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    blob = wrap_for_token(WrappingKey(EC_KEY.public_key(), Scheme.ECDH_P256), bytes(32))
    assert not parse(blob).is_for(other.public_key())
    with pytest.raises(BadWrappedKey, match="not wrapped for this token"):
        _ecdh_unwrap(other, blob)


def test_a_blob_whose_header_was_changed_does_not_unwrap() -> None:
    # HKDF's info binds the header: re-pointing a blob at another scheme byte or recipient
    # breaks the key-encryption key.
    blob = bytearray(wrap_for_token(WrappingKey(EC_KEY.public_key(), Scheme.ECDH_P256), bytes(32)))
    blob[-1] ^= 0x01
    with pytest.raises(BadWrappedKey):
        _ecdh_unwrap(EC_KEY, bytes(blob))


def test_a_blob_from_before_the_format_reads_as_bare_oaep_sha1() -> None:
    key = secrets.token_bytes(32)
    legacy = RSA_KEY.public_key().encrypt(key, oaep_padding(Scheme.RSA_OAEP_SHA1))
    parsed = parse(legacy)
    assert parsed.scheme is Scheme.RSA_OAEP_SHA1 and parsed.header == b""
    assert parsed.is_for(RSA_KEY.public_key())  # an old blob names no recipient
    assert RSA_KEY.decrypt(parsed.body, oaep_padding()) == key


@pytest.mark.parametrize(
    ("blob", "problem"),
    [
        (MAGIC + bytes([2, 1]) + bytes(8) + bytes(256), "format this version does not know"),
        (MAGIC + bytes([1]), "format this version does not know"),
        (MAGIC + bytes([1, 9]) + bytes(8) + bytes(256), "scheme this version does not know"),
        (MAGIC + bytes([1, 3]) + bytes(8) + bytes(P256_POINT_BYTES + 8), "truncated"),
    ],
    ids=["later version", "cut in the header", "unknown scheme", "truncated ec body"],
)
def test_a_blob_this_version_cannot_read_is_refused_with_why(blob: bytes, problem: str) -> None:
    with pytest.raises(BadWrappedKey, match=problem):
        parse(blob)


def test_a_scheme_must_fit_its_key() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        WrappingKey(EC_KEY.public_key(), Scheme.RSA_OAEP_SHA256)
    with pytest.raises(ValueError, match="does not fit"):
        WrappingKey(RSA_KEY.public_key(), Scheme.ECDH_P256)


def test_the_recipient_is_named_by_its_public_key() -> None:
    assert recipient_id(EC_KEY.public_key()) == recipient_id(EC_KEY.public_key())
    assert recipient_id(EC_KEY.public_key()) != recipient_id(RSA_KEY.public_key())
    assert len(recipient_id(RSA_KEY.public_key())) == 8
