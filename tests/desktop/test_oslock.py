"""The OS lock monitor against a private D-Bus daemon with a stand-in logind and screen saver.

The monitor's Linux path is the real one: it asks the bus, subscribes, and the signals
travel through a real dbus-daemon to its slots. Only the services are stand-ins, served
from this process on a second connection.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import SLOT, ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath
from pytestqt.qtbot import QtBot

from desktop.oslock import LOCKED, SLEEPING, OsLockMonitor
from tests.event_loop import drain_events

SESSION_PATH = "/org/freedesktop/login1/session/_3"
OTHER_SESSION_PATH = "/org/freedesktop/login1/session/_4"
# A signal of the tests' own, sent after those that must not lock (Bus.barrier).
BARRIER = ("/zz/test/barrier", "zz.test.Barrier", "Passed")


@ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
class FakeLogind(QObject):
    """Answers GetSession("auto") with this process's session, as logind would."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    @Slot(str, result=QDBusObjectPath)
    def GetSession(self, session_id: str) -> QDBusObjectPath:  # D-Bus names the method
        self.asked.append(session_id)
        return QDBusObjectPath(SESSION_PATH)


class _BarrierReceiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.passed = 0

    @Slot()
    def reached(self) -> None:
        self.passed += 1


@dataclass
class Bus:
    """A private dbus-daemon: `client` is the monitor's connection, `service` the fakes'."""

    client: QDBusConnection
    service: QDBusConnection
    address: str
    served: list[QObject] = field(default_factory=list)  # kept alive while registered

    def serve_logind(self) -> FakeLogind:
        logind = FakeLogind()
        self.served.append(logind)
        assert self.service.registerObject(
            "/org/freedesktop/login1", logind, QDBusConnection.RegisterOption.ExportAllSlots
        )
        assert self.service.registerService("org.freedesktop.login1")
        return logind

    def signal(self, path: str, interface: str, name: str, *arguments: Any) -> None:
        message = QDBusMessage.createSignal(path, interface, name)
        message.setArguments(list(arguments))
        assert self.service.send(message)

    def barrier(self, qtbot: QtBot) -> None:
        """Return once every signal sent so far has reached the client's slots.

        A last signal from the same sender arrives at the client after them (the bus keeps
        one sender's order) and is delivered on the same thread after them; so a test that
        shows a signal does NOT lock waits for this one, not for a length of time.
        """
        receiver = _BarrierReceiver()
        path, interface, name = BARRIER
        slot = SLOT("reached()")
        assert self.client.connect("", path, interface, name, receiver, slot)
        try:
            # A call answered by the daemon: the subscription above is in place by then.
            assert self.client.interface().isServiceRegistered("org.freedesktop.DBus").value()
            self.signal(path, interface, name)
            qtbot.waitUntil(lambda: receiver.passed == 1, timeout=3000)
        finally:
            self.client.disconnect("", path, interface, name, receiver, slot)


@pytest.fixture
def bus(qtbot: QtBot) -> Iterator[Bus]:
    daemon_path = shutil.which("dbus-daemon")
    if daemon_path is None:
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(  # noqa: S603 - a fixed program, no shell
        [daemon_path, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    names = [f"test-{uuid.uuid4().hex}", f"test-{uuid.uuid4().hex}"]
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        client = QDBusConnection.connectToBus(address, names[0])
        service = QDBusConnection.connectToBus(address, names[1])
        assert client.isConnected() and service.isConnected()
        yield Bus(client, service, address)
    finally:
        for name in names:
            QDBusConnection.disconnectFromBus(name)
        daemon.terminate()
        daemon.wait(5)
        assert daemon.stdout is not None
        daemon.stdout.close()


def no_bus() -> QDBusConnection:
    connection = QDBusConnection.connectToBus(
        "unix:path=/nonexistent/bus", f"test-{uuid.uuid4().hex}"
    )
    assert not connection.isConnected()
    return connection


def started(qtbot: QtBot, monitor: OsLockMonitor, count: int = 1) -> OsLockMonitor:
    monitor.start()
    qtbot.waitUntil(lambda: len(monitor.sources) >= count, timeout=5000)
    return monitor


# --- logind ----------------------------------------------------------------------------


def test_logind_sleep_and_this_sessions_lock_are_heard(qtbot: QtBot, bus: Bus) -> None:
    logind = bus.serve_logind()
    monitor = started(qtbot, OsLockMonitor(system_bus=bus.client, session_bus=no_bus()), 2)
    assert logind.asked == ["auto"] and monitor.available

    with qtbot.waitSignal(monitor.locked, timeout=3000) as slept:
        bus.signal(
            "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True
        )
    assert slept.args == [SLEEPING]

    with qtbot.waitSignal(monitor.locked, timeout=3000) as locked:
        bus.signal(SESSION_PATH, "org.freedesktop.login1.Session", "Lock")
    assert locked.args == [LOCKED]


def test_waking_and_other_sessions_do_not_lock(qtbot: QtBot, bus: Bus) -> None:
    bus.serve_logind()
    monitor = started(qtbot, OsLockMonitor(system_bus=bus.client, session_bus=no_bus()), 2)
    with qtbot.assertNotEmitted(monitor.locked):
        bus.signal(
            "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", False
        )
        bus.signal(OTHER_SESSION_PATH, "org.freedesktop.login1.Session", "Lock")
        bus.barrier(qtbot)


def test_without_a_session_logind_still_reports_sleep(qtbot: QtBot, bus: Bus) -> None:
    # logind is on the bus but answers GetSession with an error (here: no such object).
    assert bus.service.registerService("org.freedesktop.login1")
    monitor = started(qtbot, OsLockMonitor(system_bus=bus.client, session_bus=no_bus()))
    assert monitor.sources == ("org.freedesktop.login1 PrepareForSleep",)
    with qtbot.waitSignal(monitor.locked, timeout=3000) as slept:
        bus.signal(
            "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True
        )
    assert slept.args == [SLEEPING]


def test_after_stop_nothing_is_heard(qtbot: QtBot, bus: Bus) -> None:
    bus.serve_logind()
    monitor = started(qtbot, OsLockMonitor(system_bus=bus.client, session_bus=no_bus()), 2)
    monitor.stop()
    assert not monitor.available
    with qtbot.assertNotEmitted(monitor.locked):
        bus.signal(SESSION_PATH, "org.freedesktop.login1.Session", "Lock")
        monitor.session_locked()  # a late delivery after stop is dropped too
        bus.barrier(qtbot)


def test_a_bus_without_logind_says_so_once(
    qtbot: QtBot, bus: Bus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desktop.oslock")
    monitor = OsLockMonitor(system_bus=bus.client, session_bus=no_bus())
    monitor.start()
    qtbot.waitUntil(lambda: len(caplog.records) >= 1, timeout=5000)
    with qtbot.assertNotEmitted(monitor.locked):
        bus.barrier(qtbot)
    assert [r.getMessage() for r in caplog.records] == [
        "OS lock monitor: no logind on the system bus; it does not lock here."
    ]
    assert not monitor.available


# --- the desktop's screen saver --------------------------------------------------------


def test_the_screen_saver_coming_on_locks(qtbot: QtBot, bus: Bus) -> None:
    assert bus.service.registerService("org.gnome.ScreenSaver")
    monitor = started(qtbot, OsLockMonitor(system_bus=no_bus(), session_bus=bus.client))
    assert monitor.sources == ("org.gnome.ScreenSaver ActiveChanged",)
    with qtbot.assertNotEmitted(monitor.locked):
        bus.signal("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", False)
        bus.barrier(qtbot)
    with qtbot.waitSignal(monitor.locked, timeout=3000) as locked:
        bus.signal("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True)
    assert locked.args == [LOCKED]


# --- no platform source ----------------------------------------------------------------


def test_no_bus_at_all_is_one_info_line_and_nothing_else(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="desktop.oslock")
    monitor = OsLockMonitor(system_bus=no_bus(), session_bus=no_bus())
    monitor.start()
    with qtbot.assertNotEmitted(monitor.locked):
        drain_events()  # no bus: nothing can arrive later than what is posted now
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            logging.INFO,
            "OS lock monitor: no system bus, no session bus; "
            "idle timeout and card removal still lock.",
        )
    ]
    assert not monitor.available and monitor.sources == ()


def test_macos_is_a_logged_no_op(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="desktop.oslock")
    monitor = OsLockMonitor(platform="darwin")
    monitor.start()
    assert len(caplog.records) == 1 and "macOS" in caplog.records[0].getMessage()
    assert not monitor.available


def test_the_slots_stand_for_the_platform_once_started(qtbot: QtBot) -> None:
    monitor = OsLockMonitor(system_bus=no_bus(), session_bus=no_bus())
    with qtbot.assertNotEmitted(monitor.locked):
        monitor.session_locked()  # not started: nothing is being watched
    monitor.start()
    with qtbot.waitSignal(monitor.locked) as locked:
        monitor.session_locked()
    assert locked.args == [LOCKED]
    with qtbot.waitSignal(monitor.locked) as slept:
        monitor.prepare_for_sleep(True)
    assert slept.args == [SLEEPING]
    with qtbot.waitSignal(monitor.locked) as saver:
        monitor.screen_saver_active(True)
    assert saver.args == [LOCKED]
