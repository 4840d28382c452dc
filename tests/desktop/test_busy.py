"""BusyCount: busy from the first operation started until the last has finished."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.busy import BusyCount
from desktop.operations import Runner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[Runner]:
    running = Runner(max_threads=2)
    yield running
    running.wait(5000)


def test_busy_from_the_first_start_to_the_last_end(qtbot: QtBot, runner: Runner) -> None:
    busy = BusyCount()
    seen: list[bool] = []
    busy.changed.connect(seen.append)
    first, second = threading.Event(), threading.Event()
    ended = [
        busy.track(runner.run(_waiting_at(gate), success=_ignore, failure=_ignore))
        for gate in (first, second)
    ]
    assert seen == [True]  # once, however many are under way
    first.set()
    qtbot.waitUntil(lambda: ended[0].done)
    assert seen == [True]
    second.set()
    qtbot.waitUntil(lambda: seen == [True, False])


def _waiting_at(gate: threading.Event) -> Callable[[], bool]:
    return lambda: gate.wait(5)


def _ignore(_: object) -> None:
    pass
