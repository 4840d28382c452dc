"""Wrapping a symmetric key for a token's key-management key, and the wrapped blob's format.

Wrapping needs only the public key, so the cache can wrap a new key without the PIN;
unwrapping happens on the token (`Token.unwrap`), which needs it. Three schemes, chosen
by the token from its key and its mechanisms (`Token.key_management`):

    RSA_OAEP_SHA256   RSA-OAEP, SHA-256 and MGF1-SHA256, no label: where the card accepts it
    RSA_OAEP_SHA1     RSA-OAEP, SHA-1 and MGF1-SHA1, no label: where it does not
    ECDH_P256         as CMS and ECIES do for an EC P-256 key: an ephemeral key pair made
                      here, ECDH with the token's key (CKM_ECDH1_DERIVE on the card to
                      undo it), HKDF-SHA256 to a key-encryption key, AES key wrap (RFC 3394)

Why SHA-1 is still allowed: SoftHSM 2.6 accepts CKM_RSA_PKCS_OAEP only with CKM_SHA_1 and
CKG_MGF1_SHA1 (anything else is CKR_ARGUMENTS_BAD), and many cards are the same, since
SHA-1 is the PKCS#11 default. OAEP's security does not rest on collision resistance, and
NIST SP 800-131A Rev. 2 still lists SHA-1 as acceptable outside digital signatures.

The blob (version 1) says how it was made, so that a later scheme can be added and caches
from before this format still open:

    b"CPKW" | version 0x01 | scheme (1 byte) | recipient (8 bytes) | body
    recipient:    the first 8 bytes of SHA-256 of the recipient's SubjectPublicKeyInfo, as
                  CMS names a recipient: a blob for another key is refused before the card
                  is asked (swtpm's TPM goes into failure mode on a bad OAEP ciphertext)
    RSA schemes:  body = the OAEP ciphertext
    ECDH_P256:    body = ephemeral public point (65 bytes, uncompressed) | RFC 3394 output

A blob without the magic is a cache key wrapped before the format existed: a bare RSA-OAEP
SHA-1 ciphertext (`parse` reads it as RSA_OAEP_SHA1).
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, keywrap, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from smartcard.errors import BadWrappedKey
from smartcard.pubkeys import PublicKey

MAGIC = b"CPKW"
VERSION = 1
RECIPIENT_BYTES = 8
_HEADER = len(MAGIC) + 2 + RECIPIENT_BYTES
P256_POINT_BYTES = 65
_KEK_BYTES = 32
# HKDF's info binds the key-encryption key to this format, this blob's header and both
# public keys (as HPKE and ECIES-KEM do), so that a blob cannot be re-pointed elsewhere.
_HKDF_LABEL = b"contactpoint-cache-key-wrap-v1"


class Scheme(enum.IntEnum):
    RSA_OAEP_SHA1 = 1
    RSA_OAEP_SHA256 = 2
    ECDH_P256 = 3


@dataclass(frozen=True, slots=True)
class WrappingKey:
    """The public half of a token's key-management key and the scheme the token can undo."""

    public_key: PublicKey
    scheme: Scheme

    def __post_init__(self) -> None:
        is_ec = isinstance(self.public_key, ec.EllipticCurvePublicKey)
        if is_ec != (self.scheme is Scheme.ECDH_P256):
            raise ValueError(f"{self.scheme.name} does not fit a {type(self.public_key).__name__}.")


@dataclass(frozen=True, slots=True)
class Parsed:
    scheme: Scheme
    header: bytes  # what the blob began with (empty for a blob from before the format)
    body: bytes

    def is_for(self, public_key: PublicKey) -> bool:
        """False only where the blob names another recipient (an old blob names none)."""
        return not self.header or self.header[-RECIPIENT_BYTES:] == recipient_id(public_key)

    def ephemeral_point(self) -> bytes:
        return self.body[:P256_POINT_BYTES]

    def wrapped_key(self) -> bytes:
        return self.body[P256_POINT_BYTES:]


def oaep_padding(scheme: Scheme = Scheme.RSA_OAEP_SHA1) -> padding.OAEP:
    if scheme is Scheme.RSA_OAEP_SHA256:
        sha256 = hashes.SHA256()
        return padding.OAEP(mgf=padding.MGF1(sha256), algorithm=sha256, label=None)
    if scheme is not Scheme.RSA_OAEP_SHA1:
        raise ValueError(f"{scheme.name} is not an RSA-OAEP scheme.")
    sha1 = hashes.SHA1()  # noqa: S303 - OAEP, not a signature: see the module docstring
    return padding.OAEP(mgf=padding.MGF1(sha1), algorithm=sha1, label=None)


def recipient_id(public_key: PublicKey) -> bytes:
    spki = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).digest()[:RECIPIENT_BYTES]


def _header(scheme: Scheme, public_key: PublicKey) -> bytes:
    return MAGIC + bytes([VERSION, scheme]) + recipient_id(public_key)


def point_of(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def key_encryption_key(
    shared_secret: bytes, header: bytes, ephemeral_point: bytes, recipient_point: bytes
) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=_KEK_BYTES,
        salt=None,
        info=_HKDF_LABEL + header + ephemeral_point + recipient_point,
    )
    return hkdf.derive(shared_secret)


def wrap_for_token(target: WrappingKey, key: bytes | bytearray) -> bytes:
    """`key` (e.g. a 32-byte cache key, a multiple of 8 bytes) wrapped for the token's key."""
    public = target.public_key
    header = _header(target.scheme, public)
    if isinstance(public, rsa.RSAPublicKey):
        return header + public.encrypt(bytes(key), oaep_padding(target.scheme))
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    ephemeral_point = point_of(ephemeral.public_key())
    shared = ephemeral.exchange(ec.ECDH(), public)
    kek = key_encryption_key(shared, header, ephemeral_point, point_of(public))
    return header + ephemeral_point + keywrap.aes_key_wrap(kek, bytes(key))


def parse(blob: bytes) -> Parsed:
    """What scheme made `blob`; `BadWrappedKey` if it cannot be one of ours."""
    if not blob.startswith(MAGIC):
        return Parsed(Scheme.RSA_OAEP_SHA1, b"", blob)
    if len(blob) < _HEADER or blob[len(MAGIC)] != VERSION:
        raise BadWrappedKey("The wrapped cache key has a format this version does not know.")
    try:
        scheme = Scheme(blob[len(MAGIC) + 1])
    except ValueError:
        raise BadWrappedKey(
            "The wrapped cache key names a scheme this version does not know."
        ) from None
    parsed = Parsed(scheme, blob[:_HEADER], blob[_HEADER:])
    if scheme is Scheme.ECDH_P256 and len(parsed.wrapped_key()) < 16:
        raise BadWrappedKey("The wrapped cache key is truncated.")
    return parsed


def unwrap_with_secret(parsed: Parsed, shared_secret: bytes, recipient_point: bytes) -> bytes:
    """The key from an ECDH_P256 blob, given the secret the token derived (software half)."""
    kek = key_encryption_key(
        shared_secret, parsed.header, parsed.ephemeral_point(), recipient_point
    )
    try:
        return keywrap.aes_key_unwrap(kek, parsed.wrapped_key())
    except (keywrap.InvalidUnwrap, ValueError):
        raise BadWrappedKey("The wrapped cache key was not wrapped for this token's key.") from None
