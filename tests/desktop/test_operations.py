"""Runner and Operation: work off the GUI thread, outcomes back on it, cancel drops them."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot

from desktop.operations import Operation, Runner
from tests.event_loop import turns_of_the_loop


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[Runner]:
    running = Runner(max_threads=2)
    yield running
    running.wait(5000)


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


class Outcome:
    def __init__(self) -> None:
        self.results: list[tuple[str, object, bool]] = []

    def success(self, value: object) -> None:
        self.results.append(("success", value, on_gui_thread()))

    def failure(self, error: Exception) -> None:
        self.results.append(("failure", error, on_gui_thread()))


def test_work_runs_off_the_gui_thread_and_success_comes_back_on_it(
    qtbot: QtBot, runner: Runner
) -> None:
    outcome = Outcome()
    worked_on: list[int] = []

    def work() -> int:
        worked_on.append(threading.get_ident())
        return 42

    operation = runner.run(work, success=outcome.success, failure=outcome.failure)
    assert runner.busy
    with qtbot.waitSignal(operation.finished, timeout=2000):
        pass
    assert outcome.results == [("success", 42, True)]
    assert worked_on and worked_on[0] != threading.get_ident()
    assert operation.done and not operation.cancelled
    qtbot.waitUntil(lambda: not runner.busy, timeout=2000)


def test_an_exception_is_the_failure_on_the_gui_thread(qtbot: QtBot, runner: Runner) -> None:
    outcome = Outcome()
    error = RuntimeError("the card said no")

    def work() -> int:
        raise error

    operation = runner.run(work, success=outcome.success, failure=outcome.failure)
    with qtbot.waitSignal(operation.finished, timeout=2000):
        pass
    assert outcome.results == [("failure", error, True)]


def test_cancel_drops_the_outcome(qtbot: QtBot, runner: Runner) -> None:
    outcome = Outcome()
    release = threading.Event()

    def work() -> str:
        release.wait(5)
        return "late"

    operation: Operation[str] = runner.run(work, success=outcome.success, failure=outcome.failure)
    operation.cancel()
    operation.cancel()  # idempotent
    release.set()
    with qtbot.waitSignal(operation.finished, timeout=2000):
        pass
    assert outcome.results == [] and operation.cancelled and operation.done


def test_cancel_after_delivery_changes_nothing(qtbot: QtBot, runner: Runner) -> None:
    outcome = Outcome()
    operation = runner.run(lambda: 1, success=outcome.success, failure=outcome.failure)
    with qtbot.waitSignal(operation.finished, timeout=2000):
        pass
    operation.cancel()
    assert not operation.cancelled and outcome.results == [("success", 1, True)]


def test_the_event_loop_keeps_turning_while_work_runs(qtbot: QtBot, runner: Runner) -> None:
    running, release = threading.Event(), threading.Event()
    outcome = Outcome()

    def held() -> bool:
        running.set()
        return release.wait(5)

    timer, turns = turns_of_the_loop(running.is_set)
    try:
        operation = runner.run(held, success=outcome.success, failure=outcome.failure)
        # The work is held at the gate all this time, and the loop keeps turning.
        qtbot.waitUntil(lambda: len(turns) >= 10, timeout=2000)
        assert outcome.results == []
        release.set()
        with qtbot.waitSignal(operation.finished, timeout=2000):
            pass
    finally:
        timer.stop()
    assert outcome.results == [("success", True, True)]


def _run_fifty_then_drop_the_owner(qtbot: QtBot) -> list[int]:
    from PySide6.QtCore import QObject

    owner = QObject()
    pool = Runner(parent=owner)
    results: list[int] = []
    for number in range(50):
        pool.run(lambda n=number: n, success=results.append, failure=lambda _: None)
    qtbot.waitUntil(lambda: len(results) == 50 and not pool.busy, timeout=5000)
    # Returning drops the owner while finished operations may still await deleteLater.
    return results


def test_a_runner_and_its_finished_operations_can_be_collected(qtbot: QtBot) -> None:
    import gc

    results = _run_fifty_then_drop_the_owner(qtbot)
    gc.collect()
    QCoreApplication.processEvents()
    gc.collect()
    assert sorted(results) == list(range(50))
