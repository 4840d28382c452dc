"""Whether card or directory work is under way, for the ui's busy indicator.

    busy = BusyCount()
    busy.changed.connect(window.set_busy)     # True when the first starts, False when all end
    busy.track(runner.run(work, success=..., failure=...))

The session driver and the directory work both count what they start here, so that one
indicator covers a sign-in, an unlock and every directory request.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from desktop.operations import Operation

_T = TypeVar("_T")


class BusyCount(QObject):
    """Counts operations until each has finished; `changed(bool)` as the count leaves or
    comes back to zero."""

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._working = 0

    def track(self, operation: Operation[_T]) -> Operation[_T]:
        """Count `operation` as work under way until it has finished; returns it."""
        self._working += 1
        if self._working == 1:
            self.changed.emit(True)
        operation.finished.connect(self._finished_one)
        return operation

    @Slot()
    def _finished_one(self) -> None:
        self._working -= 1
        if self._working == 0:
            self.changed.emit(False)
