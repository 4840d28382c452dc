"""The one thread that owns a cache's SQLCipher connection.

An sqlite connection belongs to the thread that opened it (sqlite3's check_same_thread),
and a cache is used from the GUI's thread pool, timers and the session controller at
once. As `smartcard.worker` does for PKCS#11 (after Electrum's `run_in_hwd_thread`), every
call into the connection is sent to a single-worker executor, and the methods that touch
the connection assert that they run there.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sync.cache.errors import CacheClosed

P = ParamSpec("P")
R = TypeVar("R")


class WrongThread(RuntimeError):
    """The cache's connection was about to be used off its worker thread (a bug)."""


class CacheWorker:
    """A single-thread executor dedicated to one cache connection."""

    def __init__(self, name: str = "sqlcipher-cache") -> None:
        self._ident: int | None = None
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

    def is_current(self) -> bool:
        return threading.get_ident() == self._ident

    def assert_current(self) -> None:
        """Raise `WrongThread` unless called on the worker (not `assert`: -O would drop it)."""
        if not self.is_current():
            raise WrongThread("The cache connection must be used from its worker thread only.")

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn` on the worker without waiting."""
        return self._executor.submit(fn, *args, **kwargs)

    def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` on the worker and wait for its result (directly if already there)."""
        if self.is_current():
            return fn(*args, **kwargs)
        return self._executor.submit(fn, *args, **kwargs).result()

    def shutdown(self) -> None:
        """Finish queued work and stop the thread (never from the worker itself)."""
        if self.is_current():
            raise WrongThread("The cache worker cannot shut itself down.")
        self._executor.shutdown(wait=True)


class HasWorker(Protocol):
    @property
    def worker(self) -> CacheWorker: ...

    def _require_open(self) -> None: ...


S = TypeVar("S", bound=HasWorker)


def on_worker(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a method of an object holding a `worker` on that worker, blocking for its result.

    `_require_open` is checked first, on the caller's thread, so that a closed cache
    answers `CacheClosed` instead of its stopped executor's RuntimeError.
    """

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        self._require_open()

        def job() -> R:
            self.worker.assert_current()
            self._require_open()  # again: close() may have run while this job was queued
            return method(self, *args, **kwargs)

        if self.worker.is_current():
            return job()
        try:
            future = self.worker.submit(job)
        except RuntimeError as exc:  # closed by another thread since the check above
            raise CacheClosed("The offline cache is closed.") from exc
        return future.result()

    functools.update_wrapper(wrapper, method)
    return wrapper
