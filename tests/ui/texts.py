"""Every piece of text a widget tree holds, wherever Qt keeps it, for "what is on show" tests.

Labels, buttons, item views' cells and headers, accessible names and descriptions, tool
tips and window titles: if child data is anywhere in a tree, one of these holds it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QWidget


def _model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = model.columnCount() if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            texts.append(str(model.headerData(section, orientation) or ""))
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if value:
                    texts.append(str(value))
    return texts


def all_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [
            widget.accessibleName(),
            widget.accessibleDescription(),
            widget.toolTip(),
            widget.windowTitle(),
        ]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _model_texts(widget.model())
    return [t for t in texts if t]


def joined(root: QWidget) -> str:
    """All the tree's text as one string, one piece a line."""
    return "\n".join(all_texts(root))


def label_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.text()]
