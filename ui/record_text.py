"""How the record views put words on screen: plain labels, captions, headings and badges.

Every label here is plain text. Qt guesses whether a label's text is rich text, and a name
or an address typed as "<img src=...>" must show as typed, not be interpreted. Labels never
take text interaction (ui.readonly makes sure again for the whole tree).

A badge is a word in capitals in a bordered box: LEAD PROFESSIONAL, CAF, CEASED,
SHIELDED. The word carries the meaning; the colour only helps it stand out, so that a
practitioner who cannot tell the colours apart, or reads a greyscale printout of a
screenshot, loses nothing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


class Tone(Enum):
    """Badge colours as (background, text, border)."""

    ALERT = ("#8b1a1a", "#ffffff", "#5c0f0f")  # shielded, deceased
    LEAD = ("#0b4f8a", "#ffffff", "#07345c")  # lead professional
    CAF = ("#0f6b5c", "#ffffff", "#094239")  # common assessment framework
    SENSITIVE = ("#5b2a86", "#ffffff", "#3b1a58")  # sensitive service
    QUIET = ("#e4e4e4", "#333333", "#9a9a9a")  # ceased, archived


def plain(text: str, parent: QWidget, *, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setText(text)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def scaled(label: QLabel, factor: float, *, bold: bool = False) -> QLabel:
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def heading(text: str, parent: QWidget, *, name: str = "") -> QLabel:
    return scaled(plain(text, parent, name=name), 1.15, bold=True)


def caption(text: str, parent: QWidget) -> QLabel:
    """A small grey word above or beside a value ("Date of birth")."""
    label = plain(text, parent, wrap=False)
    # A palette, not a style sheet: a record has dozens of captions, and every style sheet
    # is parsed and polished on its own when the record is shown.
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#555555"))
    label.setPalette(palette)
    return scaled(label, 0.9)


def badge(text: str, tone: Tone, parent: QWidget, *, name: str = "") -> QLabel:
    background, ink, border = tone.value
    label = plain(text, parent, name=name, wrap=False)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {ink}; border: 1px solid {border};"
        " border-radius: 3px; padding: 1px 6px; font-weight: bold; }"
    )
    label.setAccessibleName(text)
    return label
