"""The PKCS#11 worker: one thread, and an assertion that catches calls from elsewhere."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from smartcard import Pkcs11Worker, WrongThread
from smartcard.worker import on_worker


@pytest.fixture
def worker() -> Iterator[Pkcs11Worker]:
    w = Pkcs11Worker("test")
    yield w
    w.shutdown()


class Device:
    def __init__(self, worker: Pkcs11Worker) -> None:
        self.worker = worker

    @on_worker
    def where(self, offset: int) -> int:
        return threading.get_ident() + offset


def test_jobs_from_many_threads_run_on_the_one_worker(worker: Pkcs11Worker) -> None:
    device = Device(worker)
    with ThreadPoolExecutor(8) as pool:
        idents = set(pool.map(lambda _: device.where(0), range(32)))
    assert idents == {worker.thread_ident}
    assert worker.thread_ident != threading.get_ident()


def test_assertion_fails_off_the_worker(worker: Pkcs11Worker) -> None:
    with pytest.raises(WrongThread):
        worker.assert_current()
    worker.run(worker.assert_current)


def test_run_on_the_worker_itself_does_not_deadlock(worker: Pkcs11Worker) -> None:
    assert worker.run(lambda: worker.run(threading.get_ident)) == worker.thread_ident
