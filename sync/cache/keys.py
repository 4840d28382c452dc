"""The cache key: 32 random bytes, wrapped for the user's token, never held in a `str`.

The key is made here, wrapped with the token's key-management public key (no PIN needed:
`smartcard.wrap_for_token`, RSA-OAEP or ECDH as the token's key and mechanisms allow) and
kept in the keyring only in wrapped form. The wrapped blob names its scheme, and blobs
from before it did (bare RSA-OAEP SHA-1) still open (smartcard.keywrap).
Opening the cache unwraps it on the token, which needs the PIN; the key then lives in a
bytearray just long enough to key the connection (`raw_key_literal`) and is zeroed.

What cannot be wiped, said honestly:

* `KeyHolder.unwrap` returns an immutable `bytes` (python-pkcs11 makes it), and
  `wrap_for_token` takes an immutable copy for `cryptography`; both are freed, not wiped.
* On Windows the fresh key comes from `os.urandom`, another immutable `bytes`.
* SQLCipher keeps its own copy of the key and of the page keys derived from it for as
  long as the connection is open; `cipher_memory_security` makes it wipe them when it
  frees them (connection.py turns it on).
"""

from __future__ import annotations

import os
from typing import Protocol

from devices import wipe
from smartcard.errors import (
    KeyMissing,
    ModuleMissing,
    NotLoggedIn,
    NoToken,
    PinError,
    TokenError,
    TokenRemoved,
)
from smartcard.keywrap import WrappingKey, wrap_for_token

KEY_BYTES = 32  # AES-256, SQLCipher's raw key length
_HEX = b"0123456789abcdef"

# Token errors that mean "the token cannot do it now" (absent, logged out, its library
# gone): the wrapped key may be fine, so the cache file is kept. Any other TokenError
# from unwrap means this token cannot unwrap this blob, ever.
NOT_NOW: tuple[type[TokenError], ...] = (
    ModuleMissing,
    NoToken,
    TokenRemoved,
    NotLoggedIn,
    PinError,
    KeyMissing,
)


class KeyHolder(Protocol):
    """What the cache needs of a token; `smartcard.Token` and `smartcard.fake.FakeToken` fit."""

    def key_management(self) -> WrappingKey: ...

    def unwrap(self, wrapped: bytes) -> bytes: ...


def new_key() -> bytearray:
    """32 bytes from the operating system's CSPRNG, read straight into a bytearray."""
    key = bytearray(KEY_BYTES)
    if os.name == "posix":
        with open("/dev/urandom", "rb", buffering=0) as source:
            if source.readinto(key) != KEY_BYTES:
                raise OSError("The system random source returned too few bytes.")
    else:
        key[:] = os.urandom(KEY_BYTES)
    return key


def wrap(holder: KeyHolder, key: bytearray) -> bytes:
    """The key encrypted for the holder's key-management key (the token need not be unlocked)."""
    return wrap_for_token(holder.key_management(), key)


def unwrap(holder: KeyHolder, wrapped: bytes) -> bytearray | None:
    """The key, or None if this token cannot unwrap this blob (another token's, or garbage).

    Errors in `NOT_NOW` propagate: the PIN has not been given, or the token is gone.
    """
    try:
        plain = holder.unwrap(wrapped)
    except NOT_NOW:
        raise
    except TokenError:
        return None
    key = bytearray(plain)
    del plain  # the immutable copy: see the module docstring
    if len(key) != KEY_BYTES:
        wipe(key)
        return None
    return key


def raw_key_literal(key: bytearray) -> bytearray:
    """SQLCipher's raw-key form x'<64 hex digits>' (no passphrase derivation), in a bytearray.

    Built digit by digit so that the hex never exists as an immutable `str` or `bytes`;
    the caller zeroes the result once the connection is keyed.
    """
    literal = bytearray(b"x'" + bytes(2 * len(key)) + b"'")
    for i, byte in enumerate(key):
        literal[2 + 2 * i] = _HEX[byte >> 4]
        literal[3 + 2 * i] = _HEX[byte & 0x0F]
    return literal
