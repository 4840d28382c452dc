"""Show a record's blocks a few at a time, one event-loop turn each (issue 12).

Every block is built at once (building is cheap, and the whole text is there from the
start for whoever reads the tree), but laying out and drawing a block's rich text is not:
a whole record laid out in one turn stalled the event loop for 50 to 100 ms on a busy
machine. So the first blocks (who the child is and who to contact) are shown with the
record, and each later block is shown on a turn of its own, after the loop has handled
whatever else was waiting. `finished` says the whole record is on show.

The first rich text a process lays out also pays for setting the rich-text machinery up
(tens of milliseconds): `warm_up` does that with a one-word document, once, beforehand.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget

_warm = False


def warm_up() -> None:
    """Lay out one small rich-text document, so that the first record does not pay for it."""
    global _warm
    if _warm:
        return
    document = QTextDocument()
    document.setHtml('<p style="font-size:9pt; font-weight:600; color:#555555">x</p>')
    document.setTextWidth(100)
    document.size()
    _warm = True


class Reveal(QObject):
    finished = Signal()

    def __init__(self, later: Sequence[QWidget], parent: QObject) -> None:
        """Hide `later` now; show them in order, one a turn, after `start`."""
        super().__init__(parent)
        self._pending = list(later)
        for block in self._pending:
            block.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    @property
    def done(self) -> bool:
        return not self._pending

    def start(self) -> None:
        if self._pending:
            self._timer.start()
        else:
            self.finished.emit()

    def stop(self) -> None:
        """Show nothing more (the record is going away)."""
        self._timer.stop()
        self._pending = []

    def _next(self) -> None:
        if self._pending:
            self._pending.pop(0).show()
        if not self._pending:
            self._timer.stop()
            self.finished.emit()
