"""What the workspace's action dialogs have in common: one ActionRequest, one ticket.

As the practitioner's dialogs (ui.action_dialog) do, each builds its draft
(desktop.management's AlertStepDraft, DecisionDraft, ShieldStepDraft) on every change: the
draft's own checks (the directory's rules) decide whether OK is enabled, and the first
thing still wrong is shown inline. Unlike them, a workspace dialog stays open after OK:

    dialog.submitted(ticket, draft)   the flow sends it; the dialog waits, its form disabled
    dialog.show_problem(problem)      the directory refused: shown inline, the form back
    dialog.withdraw()                 done (or locked): closed, nothing emitted
    dialog.cancelled(ticket)          the person gave up (Cancel, Esc, closing the window)

The ticket is the ActionRequest's: the flow recognises a late answer, to an action since
cancelled or a session since locked, by it and drops it. The window title names the
action only ("Close alert"), never the child.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ActionRequest, Problem
from ui import modal
from ui.action_dialog import CANCEL_DESCRIPTION, OK_DESCRIPTION, chain_tab_order, heading_label
from ui.static_label import StaticLabel
from ui.training_banner import mark_training
from ui.workspace.words import plain_label

_STILL_NEEDED = "color: #4A4A4A; font-style: italic;"
_PROBLEM = (
    "background: #FDECEA; color: #5C0F0F; border: 1px solid #8B1A1A; padding: 6px;"
    " font-weight: bold;"
)
SENDING = "Sending…"


class StepDialog(QDialog):
    """Subclasses add rows to `self.form`, connect each field's change to `self.refresh`,
    implement `draft()`, and end their __init__ with `self.finish(fields)`."""

    submitted = Signal(int, object)  # (ticket, draft)
    cancelled = Signal(int)  # ticket

    def __init__(
        self,
        request: ActionRequest,
        *,
        title: str,
        heading: str,
        explanation: str,
        ok_label: str,
        parent: QWidget | None,
        training: bool,
    ) -> None:
        super().__init__(parent)
        self.request = request
        self._training = training
        self._busy = False
        self._fields: list[QWidget] = []
        self.setWindowTitle(f"ContactPoint — {title}")
        self.setObjectName("step_dialog")
        # Modal to the workspace only: the lock screen and the main window stay reachable.
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(heading, self))
        self._explanation = StaticLabel(explanation, self)
        self._explanation.setObjectName("explanation")
        layout.addWidget(self._explanation)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self._message = StaticLabel("", self)
        self._message.setObjectName("stillNeeded")
        self._message.setStyleSheet(_STILL_NEEDED)
        self._message.setAccessibleName("Still needed")
        layout.addWidget(self._message)
        self._problem = StaticLabel("", self)
        self._problem.setObjectName("problem")
        self._problem.setStyleSheet(_PROBLEM)
        self._problem.setAccessibleName("The directory's answer")
        self._problem.hide()
        layout.addWidget(self._problem)
        self._buttons = QDialogButtonBox(self)
        self._ok = QPushButton(ok_label, self)
        self._ok.setObjectName("okButton")
        self._ok.setAccessibleName(plain_label(ok_label))
        self._ok.setAccessibleDescription(OK_DESCRIPTION)
        self._ok.setDefault(True)
        self._buttons.addButton(self._ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel.setAccessibleName("Cancel")
        self._cancel.setAccessibleDescription(CANCEL_DESCRIPTION)
        self._buttons.accepted.connect(self._on_ok)
        self._buttons.rejected.connect(self.reject)
        layout.addWidget(self._buttons)

    # -- for subclasses -------------------------------------------------------------------

    def draft(self) -> Any:
        """The draft the fields describe now; ValueError saying what is still wrong."""
        raise NotImplementedError

    def finish(self, fields: list[QWidget]) -> None:
        """Mark training, set the tab order through `fields` to the buttons, check once."""
        self._fields = fields
        mark_training(self, self._training)
        chain_tab_order([*fields, self._ok, self._cancel])
        (fields[0] if fields else self._ok).setFocus()
        self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        try:
            self.draft()
        except ValueError as exc:
            self._say(str(exc))
        else:
            self._say("")

    # -- for the flow and tests -------------------------------------------------------------

    @property
    def ticket(self) -> int:
        return self.request.ticket

    @property
    def ok_button(self) -> QPushButton:
        return self._ok

    @property
    def still_needed(self) -> str | None:
        """The inline message: what must change before OK is enabled (None when valid)."""
        return self._message.text() or None

    @property
    def problem_text(self) -> str | None:
        return self._problem.text() or None

    @property
    def busy(self) -> bool:
        return self._busy

    def show_problem(self, problem: Problem) -> None:
        """The directory refused the step: say why, and give the form back to change."""
        self._set_busy(False)
        self._problem.setText(problem.text)
        self._problem.show()
        self.refresh()

    def withdraw(self) -> None:
        """Closed by the flow (done, or locked), not the person: nothing is emitted."""
        super().reject()

    def ask(self) -> Any:
        """Run modally: the draft, or None when cancelled (the ticket is this request's)."""
        answer = modal.ask(self, self.submitted)
        return None if answer is None else answer[1]

    def reject(self) -> None:
        self.cancelled.emit(self.ticket)
        super().reject()

    # -- internals ------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self._ok.setEnabled(not text)
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for field in self._fields:
            field.setEnabled(not busy)
        self._ok.setEnabled(not busy)
        if busy:
            self._message.setText(SENDING)
            self._message.show()

    def _on_ok(self) -> None:
        if self._busy:
            return
        try:
            draft = self.draft()
        except ValueError as exc:
            self._say(str(exc))  # Enter pressed before a field's change signal arrived
            return
        self._problem.hide()
        self._problem.setText("")
        self._set_busy(True)
        self.submitted.emit(self.ticket, draft)
