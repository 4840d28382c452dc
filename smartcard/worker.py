"""The one thread that owns the PKCS#11 library.

python-pkcs11 (and many PKCS#11 modules behind it) is not safe to call from several
threads, and a module may keep per-thread state. As Electrum does with `run_in_hwd_thread`
(electrum/plugin.py), every PKCS#11 call is sent to a single-worker executor, and the
functions that touch the library assert that they run there.
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
    """A PKCS#11 call was about to run on a thread other than the worker's (a bug)."""


class Pkcs11Worker:
    """A single-thread executor dedicated to one PKCS#11 library."""

    def __init__(self, name: str = "pkcs11") -> None:
        self._ident: int | None = None
        self._ready = threading.Event()
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
            raise WrongThread("PKCS#11 must be called from its worker thread only.")

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Queue `fn` on the worker; for the GUI's asynchronous layer."""
        return self._executor.submit(fn, *args, **kwargs)

    def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` on the worker and wait for its result (directly if already there)."""
        if self.is_current():
            return fn(*args, **kwargs)
        return self._executor.submit(fn, *args, **kwargs).result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


class HasWorker(Protocol):
    @property
    def worker(self) -> Pkcs11Worker: ...


S = TypeVar("S", bound=HasWorker)


def on_worker(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a method of an object holding a `worker` on that worker, blocking for its result."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        def job() -> R:
            self.worker.assert_current()
            return method(self, *args, **kwargs)

        return self.worker.run(job)

    functools.update_wrapper(wrapper, method)
    return wrapper
