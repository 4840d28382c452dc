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

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from desktop import SignedInUser, wording

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
        self._tiles: QPixmap | None = None
        self._tiles_key: tuple[str, int, int, float] | None = None
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
        # Tiling the text costs a hundred drawText calls; a record view repaints on every
        # scroll step, so the tiles are drawn once per text and size and then copied.
        key = (self._text, self.width(), self.height(), self.devicePixelRatioF())
        if self._tiles is None or self._tiles_key != key:
            self._tiles = self._draw_tiles()
            self._tiles_key = key
        painter = QPainter(self)
        try:
            painter.drawPixmap(QRectF(event.rect()), self._tiles, _device_rect(event, self._tiles))
        finally:
            painter.end()

    def _draw_tiles(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        tiles = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        tiles.setDevicePixelRatio(ratio)
        tiles.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tiles)
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
        return tiles


def _device_rect(event: QPaintEvent, tiles: QPixmap) -> QRectF:
    """The part of the tiles under the event's rectangle, in the pixmap's device pixels."""
    ratio = tiles.devicePixelRatio()
    area = QRectF(event.rect())
    return QRectF(area.x() * ratio, area.y() * ratio, area.width() * ratio, area.height() * ratio)
