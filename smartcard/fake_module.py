"""The fake PKCS#11 module that holds `smartcard.fake.FakeToken`s: tests and training UI
demos only, never for real use (smartcard.fake says why the fakes exist).

    module = FakeModule([FakeToken("alice", pin="123456")])   # close() it when done
    module.fail_with(TokenError(...))    # every module call raises it (reader unplugged)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from devices import DeviceWorker, on_worker
from smartcard.errors import NoToken
from smartcard.fake import FakeToken
from smartcard.module import TokenInfo
from smartcard.pinstate import PinState


class FakeModule:
    """A fake PKCS#11 module holding FakeTokens, one per slot, in the order given.

    Calls run on its own `DeviceWorker`, as the real module's do, so that code driven by
    the fake keeps the one-thread discipline. Call `close()` (or use `with`) when done.
    """

    def __init__(self, tokens: Iterable[FakeToken] = ()) -> None:
        self._slots: list[FakeToken] = list(tokens)
        self._worker = DeviceWorker("pkcs11-fake", device="PKCS#11")
        self._failure: Exception | None = None
        self._lock = threading.Lock()
        # How often the token list was read (once per presence poll): a test waits for the
        # next polls, not for a length of time, to see what a poll would have set off.
        self.listings = 0

    def __enter__(self) -> FakeModule:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._worker.shutdown()

    @property
    def worker(self) -> DeviceWorker:
        return self._worker

    def add(self, token: FakeToken) -> None:
        """Plug in another reader holding `token` (the next slot)."""
        with self._lock:
            self._slots.append(token)

    def fail_with(self, error: Exception | None) -> None:
        """Make every module call raise `error` (a reader unplugged, a module gone); None heals."""
        with self._lock:
            self._failure = error

    def _check(self) -> None:
        failure = self._failure
        if failure is not None:
            raise failure

    def _find(self, label: str) -> FakeToken:
        for token in self._slots:
            if token.present and token.label == label:
                return token
        raise NoToken(f"No security token labelled {label!r} is present.")

    @on_worker
    def tokens(self) -> list[TokenInfo]:
        with self._lock:
            self.listings += 1
            self._check()
            return [t.info(slot) for slot, t in enumerate(self._slots) if t.present]

    @on_worker
    def pin_state(self, label: str) -> PinState:
        with self._lock:
            self._check()
            return self._find(label).pin_state()

    @on_worker
    def open_token(self, label: str) -> FakeToken:
        with self._lock:
            self._check()
            return self._find(label)


if TYPE_CHECKING:
    # Checked by mypy, never run: the real driver and these fakes present one surface.
    from smartcard.module import Pkcs11Module
    from smartcard.protocols import TokenLike, TokenSource
    from smartcard.token import Token

    def _conformance(real: Pkcs11Module, real_token: Token, fake: FakeModule) -> None:
        sources: list[TokenSource] = [real, fake]
        tokens: list[TokenLike] = [real_token, fake.open_token("")]
        del sources, tokens
