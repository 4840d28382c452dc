"""The device worker: one thread, an assertion that catches calls from elsewhere, and a
closed device that refuses work with its owner's error."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from devices import DeviceWorker, WorkerStopped, WrongThread, on_worker


@pytest.fixture
def worker() -> Iterator[DeviceWorker]:
    w = DeviceWorker("test", device="The test device")
    yield w
    w.shutdown()


class Device:
    def __init__(self, worker: DeviceWorker) -> None:
        self.worker = worker

    @on_worker
    def where(self, offset: int) -> int:
        return threading.get_ident() + offset


class Closed(Exception):
    """An owner's own "closed" error (the cache's CacheClosed, say)."""


def test_jobs_from_many_threads_run_on_the_one_worker(worker: DeviceWorker) -> None:
    device = Device(worker)
    with ThreadPoolExecutor(8) as pool:
        idents = set(pool.map(lambda _: device.where(0), range(32)))
    assert idents == {worker.thread_ident}
    assert worker.thread_ident != threading.get_ident()


def test_assertion_fails_off_the_worker(worker: DeviceWorker) -> None:
    with pytest.raises(WrongThread, match="The test device must be used from its worker"):
        worker.assert_current()
    worker.run(worker.assert_current)


def test_run_on_the_worker_itself_does_not_deadlock(worker: DeviceWorker) -> None:
    assert worker.run(lambda: worker.run(threading.get_ident)) == worker.thread_ident


def test_a_decorated_method_keeps_its_name_and_docstring() -> None:
    assert Device.where.__name__ == "where"


def test_a_worker_never_shuts_itself_down(worker: DeviceWorker) -> None:
    with pytest.raises(WrongThread):
        worker.run(worker.shutdown)


def test_after_shutdown_work_is_refused_with_the_default_error() -> None:
    worker = DeviceWorker("test")
    worker.shutdown()
    with pytest.raises(WorkerStopped, match="The device is closed"):
        worker.run(threading.get_ident)
    with pytest.raises(WorkerStopped):
        Device(worker).where(0)


def test_a_stopped_device_refuses_work_queued_before_the_stop() -> None:
    worker = DeviceWorker("test", stopped=Closed)
    try:
        started, gate = threading.Event(), threading.Event()

        def hold() -> None:  # holds the worker while the others queue
            started.set()
            gate.wait()

        blocker = worker.submit(hold)
        started.wait()
        ran: list[int] = []
        queued = worker.submit(ran.append, 1)
        worker.stop()
        gate.set()
        blocker.result()
        with pytest.raises(Closed):
            queued.result()
        assert ran == []
        assert worker.stopped
        with pytest.raises(Closed):
            worker.run(ran.append, 2)
        with pytest.raises(Closed):
            Device(worker).where(0)
        assert ran == []
    finally:
        worker.shutdown()


def test_a_job_that_stops_its_worker_ends_normally() -> None:
    # The cache's close() does this: its last job stops the worker, then the caller shuts it.
    worker = DeviceWorker("test", stopped=Closed)

    def close() -> str:
        worker.stop()
        return "closed"

    assert worker.run(close) == "closed"
    with pytest.raises(Closed):
        worker.run(close)
    worker.shutdown()
    worker.shutdown()  # idempotent


def test_shutdown_leaves_no_thread_behind() -> None:
    before = {t.ident for t in threading.enumerate()}
    for _ in range(3):
        DeviceWorker("test").shutdown()
    assert {t.ident for t in threading.enumerate()} <= before
