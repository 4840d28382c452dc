"""Token presence, polled: reports a token arriving in or leaving the reader.

Why poll: SoftHSM never reports slot events, and many card readers and PKCS#11 modules
implement C_WaitForSlotEvent badly or not at all (some block every other call while it
waits, and python-pkcs11 cannot cancel it). Asking for the present tokens about every
500 ms (DESIGN.md 4, "Token") costs two cheap calls (C_GetSlotList, C_GetTokenInfo) and
behaves the same everywhere.

The poller follows one token, as the session state machine does (desktop/session): the
one it last reported while that one stays present, otherwise the present token in the
lowest slot. It reports:

    TokenArrived(token_id)   a token is now present (or a different one replaced it)
    TokenDeparted()          the followed token is gone

(Not named TokenInserted/TokenRemoved: `smartcard.TokenRemoved` is already the exception
for a token pulled out mid-operation, and desktop/session has its own event classes; the
Qt layer maps these onto those.) A swap of A for B is reported as TokenDeparted then
TokenArrived(B): A did leave.

Threads: the timing runs on a daemon thread of its own; every PKCS#11 call goes to the
module's `DeviceWorker`, the one thread allowed to touch the library. The callback runs on
the poller thread, so a GUI must hand the event on (a Qt signal) and return quickly.
While the worker is busy (a PIN-pad login can take a minute), the poll waits its turn;
a token pulled out meanwhile fails that operation with `smartcard.TokenRemoved` anyway.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from smartcard.module import TokenInfo
from smartcard.protocols import TokenSource

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.5  # seconds; DESIGN.md 4: "about every 500 ms"


@dataclass(frozen=True, slots=True)
class TokenId:
    """Which token: the label to open it by, its serial, and its certificate's fingerprint.

    Two cards can carry the same label (a reissued card, a colleague's), and serials can be
    missing or repeated (tpm2-pkcs11 gives every token 0000000000000000); the SHA-256
    fingerprint of the authentication certificate tells them apart, and a different card
    must end the session. As text: "label/serial/fingerprint" (labels may hold "/";
    serials and fingerprints do not).
    """

    label: str
    serial: str
    fingerprint: str = ""

    def __str__(self) -> str:
        return f"{self.label}/{self.serial.replace('/', '_')}/{self.fingerprint}"

    @classmethod
    def of(cls, info: TokenInfo) -> TokenId:
        return cls(label=info.label, serial=info.serial, fingerprint=info.fingerprint)

    @classmethod
    def parse(cls, text: str) -> TokenId:
        """The id `str()` wrote; a bare label (no "/") stands for itself."""
        parts = text.rsplit("/", 2)
        if len(parts) == 3:
            return cls(*parts)
        if len(parts) == 2:
            return cls(parts[0], parts[1])
        return cls(text, "")


@dataclass(frozen=True, slots=True)
class TokenArrived:
    token_id: TokenId


@dataclass(frozen=True, slots=True)
class TokenDeparted:
    pass


PresenceEvent = TokenArrived | TokenDeparted


class PresencePoller:
    """Polls `source` every `interval` seconds and reports presence changes to `report`.

    `start()` and `stop()` may be called any number of times; `poll_once()` polls
    synchronously (tests, or a caller that wants an answer now) and never raises.
    """

    def __init__(
        self,
        source: TokenSource,
        report: Callable[[PresenceEvent], None],
        *,
        interval: float = DEFAULT_INTERVAL,
    ) -> None:
        if interval <= 0:
            raise ValueError("The presence poll interval must be positive.")
        self._source = source
        self._report = report
        self._interval = interval
        self._current: TokenId | None = None
        # Reentrant: a callback may call poll_once() (or current) on the poller thread.
        self._poll_lock = threading.RLock()
        self._control_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop: threading.Event | None = None
        self._failing = False

    @property
    def interval(self) -> float:
        return self._interval

    @property
    def current(self) -> TokenId | None:
        """The token last reported as present, or None."""
        with self._poll_lock:
            return self._current

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def start(self) -> None:
        with self._control_lock:
            if self._thread is not None:
                return  # already running
            # Each run gets its own Event, so a thread from an earlier run that has not yet
            # ended (stop() timed out on a busy worker) still sees its own stop request.
            stop = threading.Event()
            thread = threading.Thread(
                target=self._run, args=(stop,), name="token-presence", daemon=True
            )
            self._stop, self._thread = stop, thread
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop polling and wait up to `timeout` s for the thread to end.

        The wait is bounded because the thread may be queued behind a long operation on
        the PKCS#11 worker; it is a daemon thread and ends after that call returns.
        """
        with self._control_lock:
            stop, thread = self._stop, self._thread
            self._stop = self._thread = None
        if stop is None or thread is None:
            return
        stop.set()
        if thread is not threading.current_thread():  # a callback may call stop()
            thread.join(timeout)

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.poll_once()
            stop.wait(self._interval)

    def poll_once(self) -> list[PresenceEvent]:
        """Ask the module which tokens are present, report any change, and return it."""
        with self._poll_lock:
            present = self._present()
            events = self._changes(present)
            for event in events:
                try:
                    self._report(event)
                except Exception:
                    # A broken listener must not stop removal from being noticed next time.
                    log.exception("The token presence listener failed.")
            return events

    def _present(self) -> list[TokenInfo]:
        try:
            tokens = self._source.worker.run(self._source.tokens)
        except Exception as exc:
            # A reader unplugged mid-call, a module that lost its slots, or a vendor
            # module raising something unexpected: none of these may kill the poller, and
            # for the user each means "the token is not usable", i.e. it is gone. Logged
            # once per run of failures, with the type only (no label or serial).
            if not self._failing:
                log.warning(
                    "Token presence poll failed (%s); treating as removal.", type(exc).__name__
                )
            self._failing = True
            return []
        self._failing = False
        return tokens

    def _changes(self, present: list[TokenInfo]) -> list[PresenceEvent]:
        ids = [TokenId.of(info) for info in sorted(present, key=lambda info: info.slot_id)]
        current = self._current
        if current is not None and current in ids:
            return []
        events: list[PresenceEvent] = []
        if current is not None:
            events.append(TokenDeparted())
        self._current = ids[0] if ids else None
        if self._current is not None:
            events.append(TokenArrived(self._current))
        return events
