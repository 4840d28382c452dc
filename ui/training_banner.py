"""The TRAINING mark: on the lock screen, the main window and every dialog (DESIGN.md 4.1).

A trainee must never mistake the training directory for the live one, or the other way
round, so the mark is loud: black and yellow hazard stripes with the words on a plate.
The words are painted, so the banner also carries them as its accessible name.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPolygon
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget

TEXT = "TRAINING — synthetic children only"
TITLE_MARK = " — TRAINING"
_YELLOW = QColor("#FFD400")
_BLACK = QColor("#111111")


class TrainingBanner(QWidget):
    """A slim striped bar across its parent; `large` for the lock screen."""

    def __init__(
        self, parent: QWidget | None = None, *, text: str = TEXT, large: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainingBanner")
        self._text = text
        self._font = QFont(self.font())
        self._font.setBold(True)
        self._font.setPointSizeF(self._font.pointSizeF() * (1.6 if large else 1.0))
        self.setAccessibleName(text)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self._font)
        return QSize(metrics.horizontalAdvance(self._text) + 6 * metrics.height(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(QFontMetrics(self._font).horizontalAdvance(self._text) + 24, self._height())

    def _height(self) -> int:
        return QFontMetrics(self._font).height() + 12

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self.rect()
        painter.fillRect(area, _YELLOW)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_BLACK)
        height = area.height()
        stripe = max(height // 2, 6)
        for x in range(-height, area.width() + height, 2 * stripe):
            painter.drawPolygon(
                QPolygon(
                    [
                        QPoint(x, height),
                        QPoint(x + stripe, height),
                        QPoint(x + stripe + height, 0),
                        QPoint(x + height, 0),
                    ]
                )
            )
        # The words sit on a plain yellow plate with a black frame so the stripes never
        # cross a letter.
        painter.setFont(self._font)
        metrics = QFontMetrics(self._font)
        wanted = metrics.horizontalAdvance(self._text) + 2 * metrics.height()
        plate_width = min(wanted, area.width())
        plate = QRect(0, 0, plate_width, height - 6)
        plate.moveCenter(area.center())
        painter.setBrush(_YELLOW)
        painter.setPen(_BLACK)
        painter.drawRect(plate.adjusted(0, 0, -1, -1))
        painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, self._text)
        painter.end()


def mark_training(dialog: QWidget, training: bool) -> TrainingBanner | None:
    """In training, put the banner at the top of `dialog`'s layout and mark its title.

    Call it once the dialog has its layout (a QBoxLayout) and its window title; calling it
    again changes nothing.
    """
    if not training:
        return None
    layout = dialog.layout()
    if not isinstance(layout, QBoxLayout):
        raise TypeError("mark_training needs a dialog laid out with a QBoxLayout.")
    existing = dialog.findChild(TrainingBanner)
    if existing is not None:
        return existing  # marked already: one banner is enough
    banner = TrainingBanner(dialog)
    layout.insertWidget(0, banner)
    title = dialog.windowTitle()
    if not title.endswith(TITLE_MARK):
        dialog.setWindowTitle(title + TITLE_MARK)
    return banner
