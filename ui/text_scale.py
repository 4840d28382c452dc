"""The text size (issue 12: usable at 200%): the application font as a percentage of the
system's, from the policy's `text_scale_percent` (which a user may only raise).

    apply_text_scale(app, 200)      # before the first window is built

Every widget takes its font from the application's, and the ones that are larger or bold
derive theirs from it by a factor (headings, the TRAINING plate), so one font scales them
all; layouts then grow with their text. The system's size is kept aside the first time, so
applying a scale again starts from it rather than from the last scale.

Windows and dialogs are given the size they were designed for (`resize(680, ...)`), and
Qt sizes a dialog to at most two thirds of the screen: at 200% their text would not fit.
So each window, as it is shown, grows to what its layout needs at its width, within the
screen: `fit_to_text`.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop import TEXT_SCALE_RANGE

_SYSTEM_FONT: Final = "contactpoint_system_font"


def system_font(app: QGuiApplication) -> QFont:
    """The application font as it was before any scale was applied."""
    kept = app.property(_SYSTEM_FONT)
    if isinstance(kept, QFont):
        return QFont(kept)
    font = QFont(app.font())
    app.setProperty(_SYSTEM_FONT, font)
    return QFont(font)


def scaled_font(font: QFont, percent: int) -> QFont:
    low, high = TEXT_SCALE_RANGE
    if not low <= percent <= high:
        raise ValueError(f"text scale {percent}% is out of range ({low} to {high})")
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * percent / 100)
    else:  # a font sized in pixels (some X11 set-ups) has no point size
        result.setPixelSize(round(font.pixelSize() * percent / 100))
    return result


def apply_text_scale(app: QGuiApplication, percent: int) -> None:
    """Make the application font `percent`% of the system's and, above 100%, let every
    window grow to its text as it is shown. Widgets built after this take the font: call
    it before the first window."""
    font = scaled_font(system_font(app), percent)
    if font != app.font():
        QGuiApplication.setFont(font)
    fit = app.findChild(_FitOnShow)
    if percent > 100 and fit is None:
        app.installEventFilter(_FitOnShow(app))
    elif percent == 100 and fit is not None:
        # At the system's size the windows' own sizes fit, and an application-wide filter
        # sees every event of every widget: none at all unless it is needed.
        app.removeEventFilter(fit)
        fit.setParent(None)
        fit.deleteLater()


def fit_to_text(window: QWidget) -> None:
    """Grow `window` to the size its layout needs (wrapped text at its width included),
    as far as its screen allows; never shrink it."""
    layout = window.layout()
    if layout is None:
        return
    need = layout.totalMinimumSize()
    width = max(window.width(), need.width())
    height = max(window.height(), need.height())
    if layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    screen = window.screen().availableGeometry()
    size = QSize(min(width, screen.width()), min(height, screen.height()))
    if size != window.size():
        window.resize(size)


class _FitOnShow(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("fit_to_text")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            fit_to_text(watched)
        return False
