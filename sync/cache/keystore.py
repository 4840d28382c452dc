"""Where the wrapped cache key lives: the OS keyring, under the certificate's fingerprint.

    store = KeyStore.system()          # InsecureKeyring on a plaintext or missing backend
    store.kind == "keyring"            # keyfile.KeyFile, the other WrappedKeyStore, is "file"
    store.load(fingerprint) -> bytes | None
    store.save(fingerprint, wrapped);  store.forget(fingerprint)

The wrapped key is useless without the token (and its PIN), so the keyring is a second
wall, not the first: it keeps another user of the same desktop from even finding the
blob, and forgetting the entry shreds the cache file cryptographically. That is only true
of a keyring that is itself protected, so production refuses the backends `keyring` ships
as fallbacks (fail, null), every `keyrings.alt` backend (plaintext or password-in-a-file)
and anything with a priority below 1, which `keyring` itself calls "not recommended".
Tests pass their own in-memory backend with `testing=True`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Literal, Protocol

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError

from sync.cache.errors import InsecureKeyring, KeyringUnavailable

SERVICE = "ContactPoint cache"
# Names this entry's format (base64 of a smartcard.keywrap blob, which itself names its
# wrapping scheme, bare RSA-OAEP SHA-1 for the oldest); an entry without it is treated as lost.
_FORMAT = "cp-cache-1:"
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
_MIN_PRIORITY = 1.0

KeyStoreKind = Literal["keyring", "file"]


class WrappedKeyStore(Protocol):
    """What the cache needs of the place its wrapped key is kept (KeyStore, KeyFile).

    `load` answers None for no entry and for one that cannot be read as a wrapped key
    (the cache then starts afresh); `KeyringUnavailable` when the store cannot be read or
    written now.
    """

    @property
    def kind(self) -> KeyStoreKind: ...

    def load(self, fingerprint: str) -> bytes | None: ...

    def save(self, fingerprint: str, wrapped: bytes) -> None: ...

    def forget(self, fingerprint: str) -> None: ...


def encode_entry(wrapped: bytes) -> str:
    """The stored form of a wrapped key, in a keyring entry or a key file alike."""
    return _FORMAT + base64.b64encode(wrapped).decode("ascii")


def decode_entry(stored: str | None) -> bytes | None:
    """The wrapped key from its stored form; None for no entry or one that is not ours."""
    if stored is None or not stored.startswith(_FORMAT):
        return None
    try:
        return base64.b64decode(stored[len(_FORMAT) :], validate=True)
    except (binascii.Error, ValueError):
        return None


def _leaves(backend: KeyringBackend) -> list[KeyringBackend]:
    if isinstance(backend, ChainerBackend):
        return list(backend.backends)
    return [backend]


def _refusal(backend: KeyringBackend) -> str | None:
    """Why `backend` may not hold the wrapped key, or None if it may."""
    kind = type(backend)
    where = f"{kind.__module__}.{kind.__qualname__}"
    if kind.__module__.startswith(_REFUSED_MODULES) or "plaintext" in where.lower():
        return f"{where} does not protect what it stores"
    try:
        priority = float(kind.priority)
    except Exception:  # keyring's contract: priority raises when the backend cannot work here
        return f"{where} is not usable on this machine"
    if priority < _MIN_PRIORITY:
        return f"{where} is not a recommended keyring (priority {priority:g})"
    return None


def require_secure_backend(backend: KeyringBackend) -> None:
    """Raise `InsecureKeyring` unless every backend behind `backend` protects its secrets."""
    leaves = _leaves(backend)
    if not leaves:
        raise InsecureKeyring("No system keyring is available, so the offline cache is turned off.")
    for leaf in leaves:
        reason = _refusal(leaf)
        if reason is not None:
            raise InsecureKeyring(
                f"The system keyring is not secure enough for the offline cache ({reason}), "
                "so the offline cache is turned off."
            )


class KeyStore:
    """The wrapped cache keys in one keyring backend (service "ContactPoint cache")."""

    def __init__(self, backend: KeyringBackend, *, testing: bool = False) -> None:
        if not testing:
            require_secure_backend(backend)
        self._backend = backend

    @classmethod
    def system(cls) -> KeyStore:
        """The user's OS keyring, refused (`InsecureKeyring`) if it is not a protected one."""
        return cls(keyring.get_keyring())

    @property
    def kind(self) -> KeyStoreKind:
        return "keyring"

    def load(self, fingerprint: str) -> bytes | None:
        """The wrapped key for this certificate, or None if there is none (or it is garbled)."""
        try:
            stored = self._backend.get_password(SERVICE, fingerprint)
        except KeyringError as exc:
            raise KeyringUnavailable("The system keyring could not be read.") from exc
        return decode_entry(stored)

    def save(self, fingerprint: str, wrapped: bytes) -> None:
        encoded = encode_entry(wrapped)
        try:
            self._backend.set_password(SERVICE, fingerprint, encoded)
        except KeyringError as exc:
            raise KeyringUnavailable("The system keyring could not be written.") from exc

    def forget(self, fingerprint: str) -> None:
        """Remove the entry; an entry that is already gone is not an error."""
        try:
            with contextlib.suppress(PasswordDeleteError):
                self._backend.delete_password(SERVICE, fingerprint)
        except KeyringError as exc:
            raise KeyringUnavailable("The system keyring could not be written.") from exc
