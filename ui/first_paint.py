"""Wait for a window's first paint, so that slow work after it does not keep it blank.

    show_and_wait_for_paint(lock_screen)   # the lock screen is on screen; now load the rest

The client paints its lock screen first and only then loads the card layer, the directory
client and the main window's modules (issue 12: start under 1 s on a loaded machine).
The wait is for the paint itself, with a limit: a window the window system never exposes
(a session locked at login, a minimised start) must not stop the client from starting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget

# Longer than any first paint measured (benchmarks/startup.py), short enough not to matter
# if the window is never exposed.
PAINT_LIMIT_MS = 2000


class _FirstPaint(QObject):
    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self._loop = loop
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            # After this paint has been drawn and flushed to the screen, not during it.
            QTimer.singleShot(0, self._loop.quit)
        return False


def show_and_wait_for_paint(window: QWidget, limit_ms: int = PAINT_LIMIT_MS) -> bool:
    """Show `window` and run the event loop until it has been painted once (True), or
    until `limit_ms` has passed (False)."""
    loop = QEventLoop()
    watcher = _FirstPaint(loop)
    window.installEventFilter(watcher)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    try:
        window.show()
        timer.start(limit_ms)
        if not watcher.painted:
            loop.exec()
    finally:
        timer.stop()
        window.removeEventFilter(watcher)
    return watcher.painted
