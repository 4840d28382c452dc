"""A reader a test or a benchmark can pull a card out of: real SoftHSM tokens, shown only
while inserted. Training and tests only, imported from its module, never by the client.

SoftHSM's tokens are always present; a hand at the reader is the one thing it cannot do
(DESIGN.md 5). This wraps the real module and hides every token not "inserted", so the
client's presence poller sees the card come and go while everything else — PIN, signing,
the certificate — is the real token.
"""

from __future__ import annotations

import threading

from devices import DeviceWorker
from smartcard.errors import NoToken
from smartcard.module import Pkcs11Module, TokenInfo
from smartcard.pinstate import PinState
from smartcard.protocols import TokenLike


class SimulatedReader:
    def __init__(self, module: Pkcs11Module) -> None:
        self._module = module
        self._inserted: set[str] = set()
        self._lock = threading.Lock()

    def insert(self, label: str) -> None:
        with self._lock:
            self._inserted = {label}  # one reader: a new card replaces the old

    def remove(self) -> None:
        with self._lock:
            self._inserted = set()

    def _visible(self, label: str) -> None:
        with self._lock:
            if label not in self._inserted:
                raise NoToken("No smartcard is in the reader.")

    @property
    def worker(self) -> DeviceWorker:
        return self._module.worker

    def tokens(self) -> list[TokenInfo]:
        with self._lock:
            inserted = set(self._inserted)
        return [info for info in self._module.tokens() if info.label in inserted]

    def pin_state(self, label: str) -> PinState:
        self._visible(label)
        return self._module.pin_state(label)

    def open_token(self, label: str) -> TokenLike:
        self._visible(label)
        return self._module.open_token(label)
