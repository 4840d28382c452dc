"""Keeping the client's windows out of screen captures (machine policy `capture_protection`).

    protect_on_show = install_protect_on_show(app, policy.capture_protection)
    protect_window(widget, enabled) -> CaptureProtection | None      # one window, now

`ProtectOnShow` watches the whole application and protects every top-level window (main
window, dialogs, the lock screen, menus and tooltips alike) as it is shown, before its first
frame reaches the screen, so that no window can be forgotten. A window whose native handle
changes (Qt re-creates it when some window flags change) is protected again.

Each distinct outcome is logged once per process: the platform, not the window, decides it,
and a line per tooltip would bury it. The log says nothing about what the window shows.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from desktop import CaptureProtection, exclude_from_capture

log = logging.getLogger(__name__)

# The dynamic property holding the native handle a window was last protected under.
_PROTECTED_HANDLE = "contactpointCaptureProtectedHandle"
_FILTER_NAME = "protect_on_show"


class _OnceLog:
    """Logs each distinct message once per process."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, level: int, message: str) -> None:
        with self._lock:
            if message in self._seen:
                return
            self._seen.add(message)
        log.log(level, "%s", message)


_log_once = _OnceLog()


def protect_window(widget: QWidget, enabled: bool) -> CaptureProtection | None:
    """Exclude `widget`'s top-level window from screen capture if `enabled`.

    Returns the outcome, or None when the machine policy allows capture (remote support).
    Never raises: an unprotected window is logged as such and still shown.
    """
    if not enabled:
        _log_once(logging.WARNING, "screen-capture protection is off by machine policy")
        return None
    window = widget.window()
    outcome = exclude_from_capture(int(window.winId()))
    level = logging.INFO if outcome.protected else logging.WARNING
    _log_once(level, f"screen-capture protection {outcome.status.value}: {outcome.reason}")
    return outcome


class ProtectOnShow(QObject):
    """Application event filter: protects each top-level window when it is shown."""

    def __init__(self, enabled: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(_FILTER_NAME)
        self._enabled = enabled

    @property
    def enabled(self) -> bool:
        return self._enabled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.protect(watched)
        return False  # only watching: the window is shown as usual

    def protect(self, window: QWidget) -> None:
        """Protect `window` unless it already is under its current native handle."""
        handle = int(window.winId())
        if window.property(_PROTECTED_HANDLE) == handle:
            return
        window.setProperty(_PROTECTED_HANDLE, handle)
        protect_window(window, self._enabled)


def install_protect_on_show(app: QApplication, enabled: bool) -> ProtectOnShow:
    """Install the filter on `app`, and protect the top-level windows already visible."""
    watcher = ProtectOnShow(enabled, app)
    app.installEventFilter(watcher)
    for window in app.topLevelWidgets():
        if window.isVisible():
            watcher.protect(window)
    return watcher
