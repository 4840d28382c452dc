"""Shared pieces for the cache tests: a settable clock, logged-in fake cards, synthetic
views, and one user's cache environment (file, card, in-memory keyring).

Real SQLCipher throughout: nothing here mocks the database or the key wrapping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartcard.fake import FakeToken
from sync.cache import DEFAULT_LIFETIME, KeyStore, RecordCache, WrappedKeyStore, fingerprint
from sync.cache.keystore import SERVICE
from sync.cache.memory_keyring import MemoryKeyring

START = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
PIN = "123456"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


def card(label: str = "alice", *, logged_in: bool = True) -> FakeToken:
    token = FakeToken(label, pin=PIN, user_name=f"Zztest {label}")
    if logged_in:
        token.login(bytearray(PIN.encode()))
    return token


def view(
    cp_id: str = "479755171614",
    family: str = "Zzcachefamily",
    given: str = "Ada",
    born: str = "2015-03-07",
    *,
    level: str = "standard",
    cacheable: object = None,
    **extra: Any,
) -> dict[str, Any]:
    """A child view shaped as the directory's projection sends it (synthetic names)."""
    return {
        "level": level,
        "cp_id": cp_id,
        "family_name": family,
        "given_name": given,
        "date_of_birth": born,
        "gender": "not_specified",
        "shielded": level == "shielded",
        "cacheable": level in ("standard", "shielded") if cacheable is None else cacheable,
        **extra,
    }


@dataclass
class User:
    """One practitioner's card, certificate, keyring and cache location."""

    folder: Path
    token: FakeToken = field(default_factory=card)
    keyring: MemoryKeyring = field(default_factory=MemoryKeyring)
    clock: Clock = field(default_factory=Clock)
    path: Path | None = None

    def __post_init__(self) -> None:
        self.certificate = self.token.certificate_der()
        self.keystore: WrappedKeyStore = KeyStore(self.keyring, testing=True)
        if self.path is None:
            self.path = self.folder / f"{fingerprint(self.certificate)[:16]}.db"

    @property
    def file(self) -> Path:
        assert self.path is not None
        return self.path

    @property
    def keyring_entry_name(self) -> str:
        return fingerprint(self.certificate)

    @property
    def keyring_entry(self) -> str | None:
        return self.keyring.entries.get((SERVICE, self.keyring_entry_name))

    def open(
        self, lifetime: dt.timedelta = DEFAULT_LIFETIME, *, token: FakeToken | None = None
    ) -> RecordCache:
        return RecordCache.open(
            self.file,
            token or self.token,
            self.certificate,
            keystore=self.keystore,
            lifetime=lifetime,
            clock=self.clock,
        )
