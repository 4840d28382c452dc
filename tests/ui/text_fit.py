"""Whether every visible label and button has the room its text needs (nothing cut).

    cut_off(window) == []

A label that does not wrap needs its size hint; one that wraps needs the height its text
takes at its width. A button needs its size hint: Qt draws a button's text from the
middle, so a narrower one loses both ends. Widgets the window does not show are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

_SLACK = 1  # pixels: rounding in the layouts


def cut_off(window: QWidget, skip: Iterable[QWidget] = ()) -> list[str]:
    skipped = {id(widget) for part in skip for widget in [part, *part.findChildren(QWidget)]}
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if id(widget) in skipped or not widget.isVisibleTo(window) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            need = _label_needs(widget)
        elif isinstance(widget, QAbstractButton) and widget.text():
            need = (widget.sizeHint().width(), widget.sizeHint().height())
        else:
            continue
        width, height = widget.width(), widget.height()
        if width + _SLACK < need[0] or height + _SLACK < need[1]:
            text = widget.text().replace("\n", " ")[:40]
            found.append(
                f"{type(widget).__name__} {text!r}: {width}x{height} < {need[0]}x{need[1]}"
            )
    return found


def _label_needs(label: QLabel) -> tuple[int, int]:
    if label.wordWrap():
        # QLabel's own answer, not a subclass's: the record's labels cache theirs, and a
        # stale cache is exactly what would cut their text (ui.record_text._RichLabel).
        height = QLabel.heightForWidth(label, label.width())
        return (0, height if height > 0 else label.minimumSizeHint().height())
    hint = label.minimumSizeHint()
    return (hint.width(), hint.height())
