"""Waiting on the Qt event loop by condition, never by a fixed time (tests/test_no_timing.py).

    timer, turns = turns_of_the_loop(lambda: work_is_held)   # the loop turned meanwhile?
    drain_events()                                           # what is posted, delivered
    periods_pass(qtbot, interval_ms=100, periods=3)          # a periodic timer had its chance

Tests show that the GUI stays responsive by holding the slow work at a gate the test opens
and counting turns of the loop meanwhile; they never measure how long anything took.
Timings belong in benchmarks/.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from pytestqt.qtbot import QtBot

WAIT_MS = 5000


def turns_of_the_loop(while_: Callable[[], bool]) -> tuple[QTimer, list[int]]:
    """A timer on the GUI thread counting its firings while `while_()` holds: it fires only
    while the loop turns, so a count above zero means the loop turned during that work."""
    turns: list[int] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: turns.append(1) if while_() else None)
    timer.start()
    return timer, turns


def drain_events() -> None:
    """Deliver every event already posted (queued signals, deferred deletes), at once.

    For a test that shows something does not happen in reply to what it just did: a queued
    reply would be delivered here. deleteLater's events are sent only when asked for by
    their type, hence the second call.
    """
    QCoreApplication.sendPostedEvents(None, 0)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()


def periods_pass(qtbot: QtBot, interval_ms: int, periods: int) -> None:
    """Let `periods` intervals of a timer of `interval_ms` pass on the event loop.

    For a test that shows a periodic timer (the directory probe) has stopped: had it still
    been running, it would have fired meanwhile. The loop counts the periods; nothing here
    asserts how long they took.
    """
    timer, turns = QTimer(), [0]
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    timer.start()
    try:
        qtbot.waitUntil(lambda: turns[0] >= periods, timeout=WAIT_MS + interval_ms * periods)
    finally:
        timer.stop()
