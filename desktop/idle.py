"""Inactivity: no key, mouse, wheel or touch input for the policy's idle timeout.

The monitor filters the application's events only while it is armed (the controller arms
it in ACTIVE alone, DESIGN.md 4 "Lock"), so a locked or signed-out client pays nothing for
it. It only looks: every event goes on to its receiver, so a keystroke that restarts the
timer still reaches the field it was typed in.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

log = logging.getLogger(__name__)

# What a person at the desk does. Not window activation, paint or timer events: those
# happen with nobody there (a notification popping up must not keep a session open).
USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class IdleMonitor(QObject):
    """Emits `idle` once when `timeout_ms` pass without user input while armed."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if timeout_ms <= 0:
            raise ValueError("The idle timeout must be positive.")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self._expired)
        self._armed = False
        self._filtering: QCoreApplication | None = None

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def remaining_ms(self) -> int | None:
        """Milliseconds left before `idle`; None when not counting (disarmed, or fired)."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def arm(self) -> None:
        """Start counting from now (again, if already armed)."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("The idle monitor needs the application to exist.")
        if self._filtering is None:
            app.installEventFilter(self)
            self._filtering = app
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()
        if self._filtering is not None:
            self._filtering.removeEventFilter(self)
            self._filtering = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in USER_INPUT:
            self._timer.start()
        return False  # never swallow: the event goes on to its receiver

    def _expired(self) -> None:
        if not self._armed:
            return
        log.info("idle timeout")
        # One idle per arming: the controller arms again when the session is active again.
        self.disarm()
        self.idle.emit()
