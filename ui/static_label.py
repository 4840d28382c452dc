"""A label nobody can select, drag, copy or open a context menu on.

Every piece of text this client shows is drawn through it, so the "no copy" rule of
DESIGN.md 4 does not depend on each view remembering four settings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class StaticLabel(QLabel):
    """Plain text (never rich text: what it shows may come from the directory), wrapped."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Rich text would let markup in a directory string change what is drawn.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setWordWrap(True)
        self.setText(text)
