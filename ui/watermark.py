"""A faint diagonal watermark naming the viewer and the time, over a record view (DESIGN.md 4).

A photograph of the screen then says who was looking and when. The overlay is a child of
the view it covers: it follows the view's size through an event filter, stays above
siblings added later, and lets every mouse event through to the widgets underneath. It
draws only who is looking (never anything about the child), so it is safe to name in
accessibility tools.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop.identity import SignedInUser
from desktop.records import wording

ANGLE_DEGREES = -30.0
# Faint enough to read the record through, dark enough to survive a phone camera.
INK = QColor(90, 90, 110, 38)


def watermark_text(viewer: SignedInUser, at: dt.datetime) -> str:
    """ "<viewer name> · <organisation> · <dd Mon yyyy HH:MM>"."""
    where = viewer.organisation or viewer.local_authority or viewer.role_label
    return " · ".join((viewer.name, where, wording.moment(at)))


class Watermark(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._covered = parent
        self._text = ""
        self.setObjectName("watermark")
        self.setAccessibleName("Watermark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.raise_()

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self.setAccessibleDescription(text)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._covered:
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self.setGeometry(self._covered.rect())
            elif kind == QEvent.Type.ChildAdded:
                # A widget added to the view later would be drawn over the watermark.
                self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            font = QFont(self.font())
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.25)
            painter.setFont(font)
            painter.setPen(INK)
            metrics = QFontMetricsF(font)
            step_x = metrics.horizontalAdvance(self._text) + 6 * metrics.averageCharWidth()
            step_y = metrics.height() * 5
            # Rotate about the centre and tile a square that covers the rotated rectangle.
            centre = QPointF(self.width() / 2, self.height() / 2)
            painter.translate(centre)
            painter.rotate(ANGLE_DEGREES)
            reach = math.hypot(self.width(), self.height()) / 2 + step_x
            row = 0
            y = -reach
            while y <= reach:
                # Alternate rows are offset by half a step, so no column lines up.
                x = -reach + (step_x / 2 if row % 2 else 0)
                while x <= reach:
                    painter.drawText(QPointF(x, y), self._text)
                    x += step_x
                y += step_y
                row += 1
        finally:
            painter.end()
