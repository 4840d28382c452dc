"""Token presence as Qt signals on the GUI thread.

smartcard.PresencePoller polls the PKCS#11 module (on the module's worker thread, DESIGN.md
4 "Threads") and reports arrivals and departures on its own timing thread. TokenWatch hands
each report to the GUI thread through a queued signal, so that whoever connects to
`arrived` / `departed` runs on the GUI thread whatever kind of callable they connected.

It also remembers which tokens the last poll saw, for the token picker: `present()` answers
from that record and never calls the module itself, so the GUI thread never waits for the
card (a PIN-pad login can hold the worker for a minute).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop.login.prompt import TokenChoice
from devices import DeviceWorker
from smartcard import (
    PinState,
    PresenceEvent,
    PresencePoller,
    TokenArrived,
    TokenId,
    TokenInfo,
    TokenLike,
    TokenSource,
)

log = logging.getLogger(__name__)


class _Recording:
    """A TokenSource that remembers the answer of each presence poll.

    `tokens()` runs on the module's worker (the poller sends it there); a failed poll
    records that nothing is usable, as the poller treats it as a removal.
    """

    def __init__(self, source: TokenSource) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._seen: list[TokenInfo] = []

    @property
    def worker(self) -> DeviceWorker:
        return self._source.worker

    def tokens(self) -> list[TokenInfo]:
        try:
            found = self._source.tokens()
        except Exception:
            with self._lock:
                self._seen = []
            raise
        with self._lock:
            self._seen = sorted(found, key=lambda info: info.slot_id)
        return found

    def pin_state(self, label: str) -> PinState:
        return self._source.pin_state(label)

    def open_token(self, label: str) -> TokenLike:
        return self._source.open_token(label)

    @property
    def seen(self) -> list[TokenInfo]:
        with self._lock:
            return list(self._seen)


class TokenWatch(QObject):
    """Polls `tokens` every `interval` seconds; `arrived(str(TokenId))` and `departed()`.

    The argument of `arrived` is "label/serial/fingerprint" (smartcard.TokenId), the token
    id the session machine uses. The fingerprint is read once per arrival by the module.
    """

    arrived = Signal(str)
    departed = Signal()
    # Emitted on the poller's thread; queued to _relay on the GUI thread.
    _reported = Signal(object)

    def __init__(
        self, tokens: TokenSource, interval: float = 0.5, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._recording = _Recording(tokens)
        self._poller = PresencePoller(self._recording, self._reported.emit, interval=interval)
        # Queued explicitly: the emitting thread is not a Qt thread of ours, and the
        # receivers must run where this object lives (the GUI thread).
        self._reported.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        self._running = False

    @property
    def interval(self) -> float:
        return self._poller.interval

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if not self._running:
            self._running = True
            self._poller.start()

    def stop(self) -> None:
        """Stop polling; a report already on its way is dropped."""
        self._running = False
        self._poller.stop()

    def present(self) -> list[TokenChoice]:
        """The tokens the last poll saw, lowest slot first (no PKCS#11 call here)."""
        return [
            TokenChoice(token_id=str(TokenId.of(info)), label=info.label)
            for info in self._recording.seen
        ]

    @Slot(object)
    def _relay(self, event: PresenceEvent) -> None:
        if not self._running:
            return
        if isinstance(event, TokenArrived):
            # The token's label can be a person's name: never logged (DESIGN.md 4).
            log.debug("token arrived")
            self.arrived.emit(str(event.token_id))
        else:
            log.debug("token departed")
            self.departed.emit()
