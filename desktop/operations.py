"""Background operations: work runs off the GUI thread, its outcome comes back on it.

    operation = runner.run(lambda: client.search(criteria), success=show, failure=explain)
    operation.cancel()      # the outcome is dropped; neither callback will run

Network calls run on the runner's thread pool. Token work runs there too, and the
smartcard package hands each PKCS#11 call on to its one worker thread, so a pool thread
waits for the card and the event loop never does (DESIGN.md 4, "Threads").

Cancelling cannot interrupt a request already on the wire or a card mid-operation; it
makes the outcome irrelevant, so the window is free at once and a late answer is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_T = TypeVar("_T")
log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from a pool thread is queued to it."""

    delivered = Signal(object, object)  # result, exception


class Operation(QObject, Generic[_T]):
    """One piece of background work; `finished` is emitted on the GUI thread when it ends."""

    finished = Signal()

    def __init__(
        self,
        success: Callable[[_T], None],
        failure: Callable[[Exception], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._success = success
        self._failure = failure
        self._cancelled = False
        self._done = False
        self._relay = _Relay(self)
        self._relay.delivered.connect(self._deliver)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def done(self) -> bool:
        return self._done

    def cancel(self) -> None:
        """Drop the outcome: the callbacks will not run. Idempotent."""
        if not self._done:
            self._cancelled = True

    @Slot(object, object)
    def _deliver(self, result: Any, error: Exception | None) -> None:
        self._done = True
        try:
            if self._cancelled:
                return
            if error is not None:
                self._failure(error)
            else:
                self._success(result)
        finally:
            self.finished.emit()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # delivered to the failure callback on the GUI thread
            self._relay.delivered.emit(None, exc)
        else:
            self._relay.delivered.emit(result, None)


class Runner(QObject):
    """Runs operations on its own thread pool and keeps each alive until it has finished."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[Operation[Any]] = set()

    def run(
        self,
        work: Callable[[], _T],
        *,
        success: Callable[[_T], None],
        failure: Callable[[Exception], None],
    ) -> Operation[_T]:
        operation: Operation[_T] = Operation(success, failure, self)
        self._running.add(operation)
        # A bound slot, not a lambda holding the operation and the runner: such a closure
        # makes a cycle that Python's collector may break while Qt still owns the objects.
        operation.finished.connect(self._forget)
        self._pool.start(_Job(work, operation._relay))
        return operation

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown and tests only; never from a handler)."""
        return self._pool.waitForDone(timeout_ms)

    @Slot()
    def _forget(self) -> None:
        operation = self.sender()
        if not isinstance(operation, Operation):
            return
        self._running.discard(operation)
        operation.deleteLater()
