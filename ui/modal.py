"""The ask()-style entry point of every dialog (DESIGN.md 5), written once.

The dialogs are built for non-modal use: `open()`, then their `submitted` signal. `ask`
runs one modally and returns what `submitted` carried, or None when it was cancelled, so
tests and simple callers need no signal wiring and no dialog keeps an answer of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialog


def ask(dialog: QDialog, submitted: SignalInstance) -> tuple[Any, ...] | None:
    answers: list[tuple[Any, ...]] = []

    def keep(*values: Any) -> None:
        answers.append(values)
        # Some dialogs stay open after submitting when used non-modally (the PIN dialog
        # waits for the card's answer); asked modally, a submission ends the dialog.
        dialog.accept()

    submitted.connect(keep)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        submitted.disconnect(keep)
    return answers[-1] if accepted and answers else None
