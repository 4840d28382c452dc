"""IdleMonitor: input restarts the countdown, silence emits `idle` once, events pass through."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.idle import IdleMonitor

TIMEOUT_MS = 600


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    line = QLineEdit()
    line.setAccessibleName("Test field")
    qtbot.addWidget(line)
    line.show()
    qtbot.waitExposed(line)
    return line


@pytest.fixture
def monitor(qtbot: QtBot) -> Iterator[IdleMonitor]:
    idle = IdleMonitor(TIMEOUT_MS)
    yield idle
    idle.disarm()


def test_silence_for_the_timeout_emits_idle_once(qtbot: QtBot, monitor: IdleMonitor) -> None:
    monitor.arm()
    with qtbot.waitSignal(monitor.idle, timeout=TIMEOUT_MS * 4):
        pass
    assert not monitor.armed
    assert monitor.remaining_ms is None  # nothing left counting: it cannot fire again


def past_half_way(qtbot: QtBot, monitor: IdleMonitor) -> int:
    """Wait until more than half the timeout has passed with no input; what is left."""
    qtbot.waitUntil(lambda: (monitor.remaining_ms or 0) < TIMEOUT_MS // 2, timeout=TIMEOUT_MS * 4)
    left = monitor.remaining_ms
    assert left is not None
    return left


def test_typing_keeps_the_session_alive_and_reaches_the_field(
    qtbot: QtBot, monitor: IdleMonitor, field: QLineEdit
) -> None:
    monitor.arm()
    with qtbot.assertNotEmitted(monitor.idle):
        # Eight keystrokes, each past half the timeout: more than two timeouts pass in all.
        for key in "abcdefgh":
            left = past_half_way(qtbot, monitor)
            QTest.keyClick(field, key)
            assert (monitor.remaining_ms or 0) > left  # the countdown started again
    assert field.text() == "abcdefgh"  # nothing swallowed
    with qtbot.waitSignal(monitor.idle, timeout=TIMEOUT_MS * 4):
        pass


@pytest.mark.parametrize("gesture", ["click", "move", "wheel"])
def test_the_mouse_keeps_the_session_alive(
    qtbot: QtBot, monitor: IdleMonitor, field: QLineEdit, gesture: str
) -> None:
    monitor.arm()
    with qtbot.assertNotEmitted(monitor.idle):
        for step in range(8):
            left = past_half_way(qtbot, monitor)
            where = QPoint(5 + step, 5)
            if gesture == "click":
                QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=where)
            elif gesture == "move":
                QTest.mouseMove(field, where)
            else:
                wheel(field, where)
            assert (monitor.remaining_ms or 0) > left  # the countdown started again


def wheel(field: QLineEdit, where: QPoint) -> None:
    event = QWheelEvent(
        QPointF(where),
        QPointF(field.mapToGlobal(where)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(field, event)


def test_disarmed_it_neither_counts_nor_filters(
    qtbot: QtBot, monitor: IdleMonitor, field: QLineEdit
) -> None:
    monitor.arm()
    monitor.disarm()
    with qtbot.assertNotEmitted(monitor.idle):
        QTest.keyClick(field, "x")
    assert monitor.remaining_ms is None  # input does not start a disarmed countdown
    assert field.text() == "x"


def test_a_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError):
        IdleMonitor(0)
