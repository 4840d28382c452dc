"""The PIN-change dialog: the card's current PIN and the new one twice (issue 12).

It shows what the PinChangeRequest says (the card, why it asks, the card's length rule,
its PIN state read just now, the last failure) and hands the three PINs over once, when
the person presses the button; the flow (desktop.pin_change) checks them before the card
sees any. After a refusal a new dialog is opened on the new request, saying why.

The fields are ui.pin_entry's secret line edits (masked, no context menu, no drag and
drop, no input-method memory; Qt offers no copy from a password field). Their text is
read once into new bytearrays, the only copies we control, which the consumer zeroes; the
fields are emptied (setText also drops the undo history) at once, and again whenever the
dialog is accepted, rejected, closed or hidden, so no PIN stays in the widget.

Used two ways, like the PIN dialog: `ask()` runs it modally and returns the three PINs
(tests, simple callers), or the application `open()`s it and listens to `submitted` /
`cancelled`, closing it when the controller says (pin_change_closed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import MAX_PIN_LENGTH, PinChangeRequest
from ui import modal
from ui.action_dialog import chain_tab_order, heading_label
from ui.pin_entry import DANGER_STYLE, FAILURE_STYLE, pin_line_edit
from ui.static_label import StaticLabel
from ui.training_banner import mark_training

TITLE = "ContactPoint — change PIN"
# Alt+U, N, F and H: Alt+C is the Cancel button's.
LABELS = ("C&urrent PIN:", "&New PIN:", "Con&firm new PIN:")
BUTTON = "C&hange PIN"


class PinChangeDialog(QDialog):
    submitted = Signal(int, object, object, object)  # ticket; current, new, again (bytearrays)
    cancelled = Signal(int)  # ticket

    def __init__(
        self, request: PinChangeRequest, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        super().__init__(parent)
        self._request = request
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        layout.addWidget(heading_label(request.heading, self))
        layout.addWidget(StaticLabel(f"Card: {request.token.label}", self))
        explanation = StaticLabel(request.explanation, self)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)

        self._warnings: list[StaticLabel] = []
        for text in request.warnings:
            warning = StaticLabel(text, self)
            warning.setObjectName("pinWarning")
            warning.setStyleSheet(DANGER_STYLE)
            warning.setAccessibleName("Warning")
            warning.setAccessibleDescription(text)
            layout.addWidget(warning)
            self._warnings.append(warning)
        self._failure = StaticLabel(request.failure or "", self)
        self._failure.setObjectName("pinChangeFailure")
        self._failure.setStyleSheet(FAILURE_STYLE)
        self._failure.setAccessibleName("Last attempt")
        self._failure.setWordWrap(True)
        self._failure.setVisible(request.failure is not None)
        layout.addWidget(self._failure)

        form = QFormLayout()
        layout.addLayout(form)
        self._fields: list[QLineEdit] = []
        for label, name in zip(LABELS, ("currentPin", "newPin", "confirmPin"), strict=True):
            field = pin_line_edit(self)
            field.setObjectName(name)
            # One more than any card's rule allows (desktop.pin_change caps it): a PIN typed
            # too long is refused in words, never cut short to one the person did not type.
            field.setMaxLength(MAX_PIN_LENGTH + 1)
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            field.setEnabled(request.can_submit)
            field.textChanged.connect(self._refresh)
            form.addRow(label, field)
            self._fields.append(field)
        self._rule = StaticLabel(request.rule, self)
        self._rule.setObjectName("pinRule")
        form.addRow("", self._rule)

        buttons = QDialogButtonBox(self)
        self._submit = QPushButton(BUTTON, self)
        self._submit.setObjectName("submitButton")
        self._submit.setAccessibleName("Change PIN")
        self._submit.setDefault(True)
        buttons.addButton(self._submit, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self._on_submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        mark_training(self, training)
        self._refresh()
        chain_tab_order([*self._fields, self._submit, self._cancel])
        if request.can_submit:
            self._fields[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what tests and the application look at ------------------------------------------

    @property
    def request(self) -> PinChangeRequest:
        return self._request

    @property
    def fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        """The current PIN, the new PIN and its confirmation."""
        current, new, again = self._fields
        return current, new, again

    @property
    def submit_button(self) -> QPushButton:
        return self._submit

    @property
    def warning_texts(self) -> tuple[str, ...]:
        return tuple(label.text() for label in self._warnings)

    @property
    def failure_text(self) -> str | None:
        return self._failure.text() if self._failure.isVisibleTo(self) else None

    @property
    def rule_text(self) -> str:
        return self._rule.text()

    # -- entry points ---------------------------------------------------------------------

    def ask(self) -> tuple[bytearray, bytearray, bytearray] | None:
        """Run modally: the three PINs (new bytearrays the caller zeroes), or None."""
        answer = modal.ask(self, self.submitted)
        return None if answer is None else (answer[1], answer[2], answer[3])

    def reject(self) -> None:
        self._wipe()
        self.cancelled.emit(self._request.ticket)
        super().reject()

    def done(self, result: int) -> None:
        self._wipe()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._wipe()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # A lock hides every window at once, without closing them first.
        self._wipe()
        super().hideEvent(event)

    # -- internals ------------------------------------------------------------------------

    def _ready(self) -> bool:
        return self._request.can_submit and all(field.text() for field in self._fields)

    def _refresh(self) -> None:
        self._submit.setEnabled(self._ready())

    def _on_submit(self) -> None:
        # The button is disabled unless ready, but Enter or a queued click must not get past.
        if not self._ready():
            return
        current, new, again = (bytearray(field.text().encode("utf-8")) for field in self._fields)
        self._wipe()
        self.setEnabled(False)  # one attempt at a time: the answer opens a new dialog
        self.submitted.emit(self._request.ticket, current, new, again)

    def _wipe(self) -> None:
        """Empty the fields. setText also drops the undo history, which would hold a PIN."""
        for field in self._fields:
            field.setText("")
