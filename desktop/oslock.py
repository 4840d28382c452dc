"""The operating system locking the user's session, or going to sleep (DESIGN.md 4 "Lock").

    monitor = OsLockMonitor()
    monitor.locked.connect(...)      # locked(reason): "the computer was locked" / "... sleep"
    monitor.start()

Linux: D-Bus. On the system bus, logind (org.freedesktop.login1): the Manager's
PrepareForSleep(true) and this session's Lock signal (what `loginctl lock-session` and
PAM-driven lockers send). On the session bus, the desktop's screen saver ActiveChanged(true)
(org.gnome.ScreenSaver for GNOME, org.freedesktop.ScreenSaver for KDE and others), because a
desktop that locks its own screen (GNOME's Super+L) does not go through logind's Lock
signal. Every call is asynchronous: the GUI never waits for the bus.

Windows: WTSRegisterSessionNotification on a hidden native window and a native event
filter for WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK and WM_POWERBROADCAST / PBT_APMSUSPEND.

macOS: nothing yet (see _start_macos). Where no source is available, as on a CI runner with
no D-Bus, one line is logged at INFO and the idle timeout and token removal still lock.

The public slots `session_locked`, `prepare_for_sleep` and `screen_saver_active` are the
very slots the platform signals are delivered to, so tests drive them directly.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusPendingCallWatcher,
)

log = logging.getLogger(__name__)

LOCKED = "the computer was locked"
SLEEPING = "the computer is going to sleep"

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
LOGIND_SESSION = "org.freedesktop.login1.Session"
# The errors that say nobody owns the name asked for.
NO_SUCH_SERVICE = frozenset(
    {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}
)
BUS_SERVICE, BUS_PATH, BUS_INTERFACE = (
    "org.freedesktop.DBus",
    "/org/freedesktop/DBus",
    "org.freedesktop.DBus",
)
# The slots below, as QtDBus names them.
_SLEEP, _LOCK, _SAVER = "prepare_for_sleep(bool)", "session_locked()", "screen_saver_active(bool)"
# (service, path, interface) of the screen savers that announce ActiveChanged(bool). KDE
# publishes the freedesktop one at both paths; a second signal for one lock is harmless.
SCREEN_SAVERS = (
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
)


# bus, service, path, interface, signal name, slot signature: what stop() disconnects.
_Subscription = tuple[QDBusConnection, str, str, str, str, str]


class OsLockMonitor(QObject):
    """Emits `locked(reason)` when the OS locks the session or prepares to sleep.

    The buses can be given (tests use a private bus); by default the system and session
    buses of the machine are used.
    """

    locked = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system_bus: QDBusConnection | None = None,
        session_bus: QDBusConnection | None = None,
        platform: str = sys.platform,
    ) -> None:
        super().__init__(parent)
        self._system_bus = system_bus
        self._session_bus = session_bus
        self._platform = platform
        self._started = False
        self._pending: set[QDBusPendingCallWatcher] = set()
        self._subscriptions: list[_Subscription] = []
        self._windows: Any = None  # the Windows hook, when there is one

    @property
    def available(self) -> bool:
        """Whether any platform source is being watched (D-Bus answers arrive shortly
        after start())."""
        return bool(self._subscriptions) or self._windows is not None

    @property
    def sources(self) -> tuple[str, ...]:
        """What is being watched, for the diagnostics view (no personal data)."""
        found = [f"{service} {name}" for _, service, _, _, name, _ in self._subscriptions]
        if self._windows is not None:
            found.append("Windows session notifications")
        return tuple(found)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        if self._platform.startswith("linux"):
            self._start_linux()
        elif self._platform == "win32":
            self._start_windows()
        elif self._platform == "darwin":
            self._start_macos()
        else:
            log.info(
                "OS lock monitor: nothing to watch on %s; idle and card removal still lock.",
                self._platform,
            )

    def stop(self) -> None:
        self._started = False
        if self._windows is not None:
            self._windows.close()
            self._windows = None
        for bus, service, path, interface, name, slot in self._subscriptions:
            bus.disconnect(service, path, interface, name, self, _slot(slot))
        self._subscriptions.clear()

    # --- the slots the platform signals reach ----------------------------------------------

    @Slot()
    def session_locked(self) -> None:
        if self._started:
            log.info("OS session locked")
            self.locked.emit(LOCKED)

    @Slot(bool)
    def prepare_for_sleep(self, going: bool) -> None:
        # logind sends PrepareForSleep(false) on waking: only going to sleep locks.
        if self._started and going:
            log.info("OS going to sleep")
            self.locked.emit(SLEEPING)

    @Slot(bool)
    def screen_saver_active(self, active: bool) -> None:
        if self._started and active:
            log.info("screen saver active")
            self.locked.emit(LOCKED)

    # --- Linux: logind and the desktop's screen saver over D-Bus ---------------------------

    def _start_linux(self) -> None:
        system = self._system_bus if self._system_bus is not None else QDBusConnection.systemBus()
        session = (
            self._session_bus if self._session_bus is not None else QDBusConnection.sessionBus()
        )
        absent = []
        if system.isConnected():
            self._ask_logind(system)
        else:
            absent.append("no system bus")
        if session.isConnected():
            self._ask_screen_savers(session)
        else:
            absent.append("no session bus")
        if len(absent) == 2:  # as on a CI runner: the one line said about it
            log.info(
                "OS lock monitor: %s; idle timeout and card removal still lock.", ", ".join(absent)
            )

    def _ask_logind(self, bus: QDBusConnection) -> None:
        # "auto" is the caller's own session, or the user's display session when the
        # process is outside one (a program started by a systemd user unit): the session
        # whose Lock signal concerns this user. Every question is asynchronous, so that a
        # slow or hung bus never stalls the GUI; an answer that logind is not there is the
        # presence check.
        call = QDBusMessage.createMethodCall(LOGIND, LOGIND_PATH, LOGIND_MANAGER, "GetSession")
        call.setArguments(["auto"])
        self._ask(bus, call, lambda done: self._logind_answered(bus, done))

    def _logind_answered(self, bus: QDBusConnection, done: QDBusPendingCallWatcher) -> None:
        if done.isError() and done.error().name() in NO_SUCH_SERVICE:
            log.info("OS lock monitor: no logind on the system bus; it does not lock here.")
            return
        self._subscribe(bus, LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", _SLEEP)
        path = None if done.isError() else _object_path(done.reply().arguments())
        if path is None:
            log.info("OS lock monitor: watching logind for sleep (no session for this process).")
            return
        self._subscribe(bus, LOGIND, path, LOGIND_SESSION, "Lock", _LOCK)
        log.info("OS lock monitor: watching logind for session lock and sleep.")

    def _ask_screen_savers(self, bus: QDBusConnection) -> None:
        for service, path, interface in SCREEN_SAVERS:
            call = QDBusMessage.createMethodCall(
                BUS_SERVICE, BUS_PATH, BUS_INTERFACE, "NameHasOwner"
            )
            call.setArguments([service])

            def answered(
                done: QDBusPendingCallWatcher,
                service: str = service,
                path: str = path,
                interface: str = interface,
            ) -> None:
                arguments = [] if done.isError() else done.reply().arguments()
                if arguments == [True]:
                    self._subscribe(bus, service, path, interface, "ActiveChanged", _SAVER)
                    log.info("OS lock monitor: watching the screen saver %s.", service)

            self._ask(bus, call, answered)

    def _ask(
        self,
        bus: QDBusConnection,
        call: QDBusMessage,
        then: Callable[[QDBusPendingCallWatcher], None],
    ) -> None:
        watcher = QDBusPendingCallWatcher(bus.asyncCall(call), self)

        def finished(done: QDBusPendingCallWatcher) -> None:
            self._pending.discard(done)
            done.deleteLater()
            if self._started:  # an answer after stop() is not acted on
                then(done)

        watcher.finished.connect(finished)
        self._pending.add(watcher)

    def _subscribe(
        self, bus: QDBusConnection, service: str, path: str, interface: str, name: str, slot: str
    ) -> None:
        if bus.connect(service, path, interface, name, self, _slot(slot)):
            self._subscriptions.append((bus, service, path, interface, name, slot))

    # --- Windows ---------------------------------------------------------------------------

    def _start_windows(self) -> None:
        if sys.platform == "win32":  # for mypy: the hook's ctypes exist only there
            try:
                self._windows = _WindowsSessionHook(self)
            except OSError as exc:
                log.info("OS lock monitor: session notifications unavailable (%s).", exc.winerror)
                return
            log.info("OS lock monitor: watching Windows session lock and suspend.")

    # --- macOS -----------------------------------------------------------------------------

    def _start_macos(self) -> None:
        # macOS announces a lock as the distributed notification "com.apple.screenIsLocked"
        # and sleep through NSWorkspace; both need AppKit (pyobjc), which the bundle does not
        # ship. Until it does, the idle timeout and card removal are what lock on a Mac.
        log.info("OS lock monitor: not available on macOS; idle timeout and card removal lock.")


def _slot(signature: str) -> Any:
    # PySide6's stubs ask for bytes here, but at run time QDBusConnection.connect accepts
    # only the str that SLOT() makes (bytes are refused with a ValueError).
    return SLOT(signature)


def _object_path(arguments: list[Any]) -> str | None:
    first = arguments[0] if arguments else None
    path = first.path() if isinstance(first, QDBusObjectPath) else None
    return path if isinstance(path, str) and path.startswith(LOGIND_PATH + "/") else None


if sys.platform == "win32":
    # Not exercised by the test suite, which runs on Linux: there is no Windows runner yet.
    # The slots it calls are the ones the tests drive, so only the message decoding below is
    # untested; keep it this small.
    import ctypes
    from ctypes import wintypes

    from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication
    from PySide6.QtGui import QWindow

    WM_WTSSESSION_CHANGE = 0x02B1
    WTS_SESSION_LOCK = 0x7
    WM_POWERBROADCAST = 0x0218
    PBT_APMSUSPEND = 0x0004
    NOTIFY_FOR_THIS_SESSION = 0

    class _WindowsSessionHook(QAbstractNativeEventFilter):
        """WTS session-lock and suspend messages, handed to the monitor's slots."""

        def __init__(self, monitor: OsLockMonitor) -> None:
            super().__init__()
            self._monitor = monitor
            # WTS notifications are sent to a window, and WM_POWERBROADCAST to every
            # top-level window: a hidden native window receives both, and Qt's window
            # procedure passes them to the application's native event filters.
            self._window = QWindow()
            self._hwnd = wintypes.HWND(int(self._window.winId()))
            self._wtsapi32 = ctypes.WinDLL("wtsapi32", use_last_error=True)
            if not self._wtsapi32.WTSRegisterSessionNotification(
                self._hwnd, NOTIFY_FOR_THIS_SESSION
            ):
                error = ctypes.get_last_error()
                self._window.destroy()
                raise ctypes.WinError(error)
            self._app = QCoreApplication.instance()
            self._app.installNativeEventFilter(self)

        def nativeEventFilter(self, event_type: Any, message: Any) -> tuple[bool, int]:
            if bytes(event_type) != b"windows_generic_MSG":
                return False, 0
            msg = wintypes.MSG.from_address(int(message))
            if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
                self._monitor.session_locked()
            elif msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND:
                self._monitor.prepare_for_sleep(True)
            return False, 0  # only looking: Qt and Windows still handle the message

        def close(self) -> None:
            self._app.removeNativeEventFilter(self)
            self._wtsapi32.WTSUnRegisterSessionNotification(self._hwnd)
            self._window.destroy()
