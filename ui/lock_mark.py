"""A small padlock drawn beside a setting the administrator locked.

Painted rather than an emoji or an icon file: the secure workstations this runs on may have
no emoji font, and a missing glyph would draw an empty box where the lock should be. The
mark is never the only sign: the words "Locked by your administrator" sit beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

_COLOUR = QColor("#4A4A4A")


class LockMark(QWidget):
    """A padlock as tall as a line of text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockMark")
        self.setAccessibleName("Locked")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        side = QFontMetrics(self.font()).height()
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        stroke = max(side / 9, 1.5)
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        # The shackle: an arch over the upper half.
        painter.setPen(QPen(_COLOUR, stroke))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        shackle = QRectF(left + side * 0.28, top + side * 0.08, side * 0.44, side * 0.6)
        painter.drawArc(shackle, 0, 180 * 16)
        middle, foot = shackle.center().y(), top + side * 0.5
        painter.drawLine(QLineF(shackle.left(), middle, shackle.left(), foot))
        painter.drawLine(QLineF(shackle.right(), middle, shackle.right(), foot))
        # The body, with a keyhole cut out.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_COLOUR)
        body = QRectF(left + side * 0.15, top + side * 0.45, side * 0.7, side * 0.5)
        painter.drawRoundedRect(body, side * 0.08, side * 0.08)
        painter.setBrush(self.palette().window())
        hole = side * 0.12
        painter.drawEllipse(
            QRectF(body.center().x() - hole / 2, body.top() + side * 0.12, hole, hole)
        )
        painter.end()
