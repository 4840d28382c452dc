"""High contrast (issue 12, WCAG 2.2 AA 1.4.11 and 2.4.7): a strong palette and thick,
unmistakable focus outlines, on when the system asks for it or the policy says so.

    follower = ContrastFollower(app, policy.high_contrast, parent)  # follows while it lives
    follower.on                                              # whether it is on now

Which is decided by `high_contrast_wanted`: the policy (with the user's own setting, which
may only turn it on) or the system's contrast preference. Qt reports the latter through
QStyleHints.accessibility().contrastPreference(), which on Windows follows the
high-contrast system setting (Settings > Accessibility > Contrast themes) and on GNOME and
KDE their high-contrast switch; the follower tracks it while the client runs.

The palette is black on white, not white on black: every colour a widget sets for itself
(help text, warnings, the shielded banner) was chosen to be read on a light background,
and a widget's own style sheet wins over the application's, so a dark palette would leave
them dark on black. The focus is the GOV.UK pattern, yellow behind black with a thick black
border, which stands out on white and on the colours those widgets use.
"""

from __future__ import annotations

import functools
from typing import Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessibilityHints, QColor, QGuiApplication, QPalette, QStyleHints
from PySide6.QtWidgets import QApplication

BLACK: Final = "#000000"
WHITE: Final = "#FFFFFF"
YELLOW: Final = "#FFDD00"
# Disabled text: still 7:1 on white (WCAG AAA), so a disabled button can be read.
GREY: Final = "#4A4A4A"

_CONTROLS: Final = (
    "QPushButton",
    "QToolButton",
    "QLineEdit",
    "QComboBox",
    "QAbstractSpinBox",
    "QPlainTextEdit",
    "QTextEdit",
    "QAbstractItemView",
    "QCheckBox",
    "QRadioButton",
    "QTabBar::tab",
)
STYLE: Final = f"""
QPushButton, QToolButton {{
    background: {WHITE}; color: {BLACK}; border: 2px solid {BLACK}; padding: 4px 12px;
}}
QPushButton:disabled, QToolButton:disabled {{ color: {GREY}; border: 2px dashed {GREY}; }}
QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView {{
    background: {WHITE}; color: {BLACK}; border: 2px solid {BLACK};
}}
QAbstractItemView::item:selected {{ background: {BLACK}; color: {WHITE}; }}
{", ".join(f"{name}:focus" for name in _CONTROLS)} {{
    background: {YELLOW}; color: {BLACK}; border: 4px solid {BLACK};
}}
"""
_ORIGINAL: Final = "contactpoint_palette_before_contrast"


def high_contrast_wanted(policy_on: bool, system_asks: bool) -> bool:
    """On when either says so: a user setting or the policy may make the client stronger,
    and nothing turns off what the system asks for."""
    return policy_on or system_asks


@functools.cache
def _style_hints() -> QStyleHints:
    # Kept for the process: in PySide6 6.11, once the Python wrapper of the style hints is
    # collected, the accessibility hints reached through it are reported deleted.
    return QGuiApplication.styleHints()


def _hints() -> QAccessibilityHints:
    return _style_hints().accessibility()


def system_asks_for_high_contrast() -> bool:
    return _hints().contrastPreference() == Qt.ContrastPreference.HighContrast


def palette() -> QPalette:
    black, white, yellow, grey = QColor(BLACK), QColor(WHITE), QColor(YELLOW), QColor(GREY)
    result = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        result.setColor(role, white)
    result.setColor(QPalette.ColorRole.AlternateBase, QColor("#F0F0F0"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
        QPalette.ColorRole.HighlightedText,
    ):
        result.setColor(role, black)
    result.setColor(QPalette.ColorRole.ToolTipBase, white)
    result.setColor(QPalette.ColorRole.Highlight, yellow)
    result.setColor(QPalette.ColorRole.Link, QColor("#0000CC"))
    result.setColor(QPalette.ColorRole.PlaceholderText, grey)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        result.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return result


def apply_contrast(app: QApplication, on: bool) -> None:
    """Turn the palette and the focus outlines on or off (back to what they were)."""
    kept = app.property(_ORIGINAL)
    if on:
        if not isinstance(kept, QPalette):
            app.setProperty(_ORIGINAL, QPalette(app.palette()))
        QApplication.setPalette(palette())
        app.setStyleSheet(STYLE)
    elif isinstance(kept, QPalette):
        app.setStyleSheet("")
        QApplication.setPalette(kept)
        app.setProperty(_ORIGINAL, None)


def is_high_contrast(app: QApplication) -> bool:
    return app.styleSheet() == STYLE


class ContrastFollower(QObject):
    """Keeps high contrast on while the policy or the system asks for it."""

    def __init__(self, app: QApplication, policy_on: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._policy_on = policy_on
        _hints().contrastPreferenceChanged.connect(self._follow)
        self._follow()

    @property
    def on(self) -> bool:
        return is_high_contrast(self._app)

    def _follow(self) -> None:
        wanted = high_contrast_wanted(self._policy_on, system_asks_for_high_contrast())
        if wanted != self.on:
            apply_contrast(self._app, wanted)
