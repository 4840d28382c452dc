"""The one thread that owns a device: a PKCS#11 library, a SQLCipher connection.

Neither python-pkcs11 (nor many PKCS#11 modules behind it) nor an sqlite connection may be
called from several threads: a PKCS#11 module may keep per-thread state, and sqlite3 ties
a connection to the thread that opened it. As Electrum does with `run_in_hwd_thread`
(electrum/plugin.py, STYLE.md item 2), every call into the device is sent to a
single-worker executor, and the methods that touch the device assert that they run there.

    worker = DeviceWorker("pkcs11-softhsm", device="PKCS#11")
    worker.run(fn, *args)        # on the worker, blocking (directly if already there)
    worker.submit(fn, *args)     # on the worker, a Future
    worker.assert_current()      # WrongThread unless on the worker

    class Module:
        worker: DeviceWorker
        @on_worker               # every call to connect() runs on self.worker
        def connect(self) -> None: ...

    worker.stop()                # the device is closed: anything still queued is refused
    worker.shutdown()            # finish what is queued and end the thread

A stopped or shut-down worker refuses work with the error its owner chose (`CacheClosed`
for the cache), `WorkerStopped` by default, instead of the executor's bare RuntimeError.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Concatenate, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class WrongThread(RuntimeError):
    """A device was about to be used from a thread other than its worker's (a bug)."""


class WorkerStopped(RuntimeError):
    """Work was given to a worker whose device is closed."""


class DeviceWorker:
    """A single-thread executor dedicated to one device."""

    def __init__(
        self,
        name: str,
        *,
        device: str = "The device",
        stopped: Callable[[str], Exception] = WorkerStopped,
    ) -> None:
        """`name` prefixes the thread's name; `device` names the device in error messages;
        `stopped` builds the error that refuses work once the device is closed."""
        self._ident: int | None = None
        self._device = device
        self._stopped_error = stopped
        self._stopped = threading.Event()
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=name, initializer=self._record_thread
        )
        # Start the thread now so that `thread_ident` is known from the outset.
        self._executor.submit(lambda: None).result()

    def _record_thread(self) -> None:
        self._ident = threading.get_ident()

    @property
    def thread_ident(self) -> int | None:
        return self._ident

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def is_current(self) -> bool:
        return threading.get_ident() == self._ident

    def assert_current(self) -> None:
        """Raise `WrongThread` unless called on the worker (not `assert`: -O would drop it)."""
        if not self.is_current():
            raise WrongThread(f"{self._device} must be used from its worker thread only.")

    def check_running(self) -> None:
        """Raise the owner's `stopped` error if the device has been closed."""
        if self._stopped.is_set():
            raise self._stopped_error(f"{self._device} is closed.")

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn` on the worker without waiting; refused when it comes up if the
        worker was stopped meanwhile."""
        self.check_running()

        def job() -> R:
            self.check_running()  # again: stop() may have run while this job was queued
            return fn(*args, **kwargs)

        try:
            return self._executor.submit(job)
        except RuntimeError as exc:  # shut down by another thread since the check above
            raise self._stopped_error(f"{self._device} is closed.") from exc

    def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` on the worker and wait for its result (directly if already there)."""
        if self.is_current():
            self.check_running()
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def stop(self) -> None:
        """Refuse every job not yet started, from any thread (the device is closed)."""
        self._stopped.set()

    def shutdown(self) -> None:
        """Finish queued work and end the thread (never from the worker itself: it would
        wait for itself). New work is refused from now on."""
        if self.is_current():
            raise WrongThread(f"{self._device}'s worker cannot shut itself down.")
        self._executor.shutdown(wait=True)


class HasWorker(Protocol):
    @property
    def worker(self) -> DeviceWorker: ...


S = TypeVar("S", bound=HasWorker)


def on_worker(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a method of an object holding a `worker` on that worker, blocking for its result.

    The method also checks, on the worker, that it is there: code that reaches it some
    other way (a subclass, a bound method handed to a thread) fails loudly.
    """

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        def job() -> R:
            self.worker.assert_current()
            return method(self, *args, **kwargs)

        return self.worker.run(job)

    functools.update_wrapper(wrapper, method)
    return wrapper
