"""The dialogs and notices open over the main window, kept so that a lock closes them all
at once (DESIGN.md 4, "Lock": every window and dialog is hidden at once).

    dialogs = OpenDialogs(app)          # app: whatever holds the current main window
    dialogs.open(InvolvementDialog(parent=app.window), submitted)
    dialogs.notice(QMessageBox.Icon.Information, "Your request has been sent ...")
    dialogs.close_all()                 # a lock, a sign-out, the end
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ui.main_window import MainWindow


class HasWindow(Protocol):
    """Whatever holds the main window while one is open (ui.app.ClientApp)."""

    @property
    def window(self) -> MainWindow | None: ...


class OpenDialogs:
    def __init__(self, app: HasWindow) -> None:
        self._app = app
        self._open: list[QDialog] = []

    def open(self, dialog: QDialog, submitted: Callable[[Any], None]) -> None:
        """Open `dialog` (window-modal, not blocking); `submitted` gets what it sends."""
        self._open.append(dialog)
        dialog.submitted.connect(submitted)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def notice(self, icon: QMessageBox.Icon, text: str) -> None:
        """A message box over the main window; `text` is one of the client's sentences."""
        parent: QWidget | None = self._app.window
        box = QMessageBox(icon, "ContactPoint", text, QMessageBox.StandardButton.Ok, parent)
        box.setAccessibleName("ContactPoint notice")
        self._open.append(box)
        box.finished.connect(lambda _result: self._forget(box))
        box.open()

    def close_all(self) -> None:
        for dialog in list(self._open):
            dialog.reject()
        self._open.clear()

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self._open:
            self._open.remove(dialog)
        dialog.deleteLater()
