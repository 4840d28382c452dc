"""Drive a modal dialog's ask() from a test without any chance of hanging.

    answer = answer_modal(dialog, dialog.ask, lambda: click(dialog.submit_button))

`act` runs once the dialog's own event loop has started. Whatever it does (or fails to
do), the dialog is rejected afterwards if still open, and a watchdog rejects it after
five seconds, so ask() always returns; an exception raised by `act` is raised again here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

_T = TypeVar("_T")
WATCHDOG_MS = 5000


def answer_modal(dialog: QDialog, ask: Callable[[], _T], act: Callable[[], None]) -> _T:
    errors: list[BaseException] = []

    def step() -> None:
        try:
            act()
        except BaseException as exc:  # re-raised below, once ask() has returned
            errors.append(exc)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, step)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(dialog.reject)
    watchdog.start(WATCHDOG_MS)
    try:
        result = ask()
    finally:
        watchdog.stop()
    if errors:
        raise errors[0]
    return result
