"""Render a widget to PNG so that a person can look at what a test showed.

Files go to tests/ui/screenshots/ (ignored by git), or to $CONTACTPOINT_SCREENSHOTS.
Only synthetic training data is ever drawn.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

SCREENSHOTS = Path(
    os.environ.get("CONTACTPOINT_SCREENSHOTS", Path(__file__).resolve().parent / "screenshots")
)


def render(widget: QWidget, name: str) -> Path:
    """Lay the widget out, draw it and save it as NAME.png; returns the file."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget.show()
    QApplication.processEvents()
    path = SCREENSHOTS / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path
