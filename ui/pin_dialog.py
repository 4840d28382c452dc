"""The PIN dialog: sign in, unlock, or confirm with the card's PIN (DESIGN.md 4, "Token").

It shows what the PinPrompt says (the card, its PIN state read just now, the last
failure) and hands the PIN over once, when the person presses the button: it never
submits by itself and never submits again, so a wrong PIN can never be retried without
a person deciding to (a card locks after a few wrong tries).

Used two ways: `ask()` runs it modally and returns what was typed (tests, simple
callers); or a controller `open()`s it, listens to `submitted` / `cancelled` /
`token_chosen`, and closes it when done. After a wrong PIN a new dialog is opened on the
new prompt, which says why the last attempt failed (PinPrompt.failure).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from contract.limits import MAX_PASSWORD_CHARACTERS
from desktop import PinPrompt
from ui import modal
from ui.pin_entry import PinEntry, pin_line_edit
from ui.static_label import StaticLabel
from ui.training_banner import mark_training

TITLE = "ContactPoint — sign in"
HEADINGS = {
    "sign_in": "Sign in",
    "unlock": "ContactPoint is locked — enter your PIN to continue",
    "override": "Confirm with your PIN",
}
BUTTONS = {"sign_in": "&Sign in", "unlock": "&Unlock", "override": "C&onfirm"}
SUBMIT_DESCRIPTIONS = {
    "sign_in": "The card signs you in to the directory with this PIN",
    "unlock": "Opens your session again, as you left it",
    "override": "Confirms with your PIN that you override the shield for this view",
}


class PinDialog(QDialog):
    """Collects a PIN (and the password, where the directory asks for one) for one card."""

    submitted = Signal(object, object)  # bytearray PIN (empty for a PIN pad), str | None
    cancelled = Signal()
    token_chosen = Signal(str)  # token_id of another card in a reader

    def __init__(
        self, prompt: PinPrompt, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        super().__init__(parent)
        if prompt.purpose not in HEADINGS:
            raise ValueError(f"A PIN prompt's purpose is one of {', '.join(HEADINGS)}.")
        self._prompt = prompt
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        heading = StaticLabel(HEADINGS[prompt.purpose], self)
        heading.setObjectName("heading")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self._token_label = StaticLabel(f"Card: {prompt.token.label}", self)
        self._token_label.setObjectName("tokenLabel")
        layout.addWidget(self._token_label)

        self._entry = PinEntry(prompt, self)
        layout.addWidget(self._entry)

        self._password: QLineEdit | None = None
        if prompt.password_needed:
            self._password = pin_line_edit(self)
            self._password.setObjectName("passwordField")
            self._password.setMaxLength(MAX_PASSWORD_CHARACTERS)
            self._password.setAccessibleName("Password")
            self._password.setAccessibleDescription(
                "Your ContactPoint password, which the directory asks for with the card"
            )
            self._password.setEnabled(prompt.can_submit)
            self._password.textChanged.connect(self._refresh)
            self._entry.add_row("Pass&word:", self._password)

        self._tokens: QComboBox | None = None
        if prompt.others:
            self._tokens = QComboBox(self)
            self._tokens.setObjectName("tokenPicker")
            self._tokens.setAccessibleName("Card to sign in with")
            for choice in (prompt.token, *prompt.others):
                self._tokens.addItem(choice.label, choice.token_id)
            self._tokens.setCurrentIndex(0)
            # `activated` fires only for a person's choice, never for the setup above.
            self._tokens.activated.connect(self._choose_token)
            self._entry.add_row("Ca&rd:", self._tokens)

        self._buttons = QDialogButtonBox(self)
        label = "&Continue" if prompt.pin_pad else BUTTONS[prompt.purpose]
        self._submit = QPushButton(label, self)
        self._submit.setObjectName("submitButton")
        self._submit.setAccessibleName(label.replace("&", ""))
        self._submit.setAccessibleDescription(SUBMIT_DESCRIPTIONS[prompt.purpose])
        self._submit.setDefault(True)
        self._buttons.addButton(self._submit, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel.setAccessibleName("Cancel")
        self._cancel.setAccessibleDescription("Do not use the PIN now; nothing is sent")
        self._buttons.accepted.connect(self._on_submit)
        self._buttons.rejected.connect(self.reject)
        layout.addWidget(self._buttons)

        mark_training(self, training)
        self._entry.changed.connect(self._refresh)
        self._refresh()
        self._set_tab_order()
        target = self._entry.focus_target()
        if target is not None and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what tests and controllers look at -------------------------------------------

    @property
    def prompt(self) -> PinPrompt:
        return self._prompt

    @property
    def pin_field(self) -> QLineEdit | None:
        return self._entry.pin_field

    @property
    def password_field(self) -> QLineEdit | None:
        return self._password

    @property
    def token_picker(self) -> QComboBox | None:
        return self._tokens

    @property
    def submit_button(self) -> QPushButton:
        return self._submit

    @property
    def warning_texts(self) -> tuple[str, ...]:
        return self._entry.warning_texts

    @property
    def failure_text(self) -> str | None:
        return self._entry.failure_text

    # -- entry points -------------------------------------------------------------------

    def ask(self) -> tuple[bytearray, str | None] | None:
        """Run modally: the PIN (a new bytearray the caller zeroes) and password, or None."""
        answer = modal.ask(self, self.submitted)
        return None if answer is None else (answer[0], answer[1])

    def reject(self) -> None:
        self._entry.clear()
        if self._password is not None:
            self._password.setText("")
        self.cancelled.emit()
        super().reject()

    # -- internals ------------------------------------------------------------------------

    def _ready(self) -> bool:
        if not self._entry.ready:
            return False
        return self._password is None or bool(self._password.text())

    def _refresh(self) -> None:
        self._submit.setEnabled(self._ready())

    def _on_submit(self) -> None:
        # The button is disabled unless ready, but Enter or a queued click must not get past.
        if not self._ready():
            return
        # The bytearray is the only copy of the PIN we control (Qt's QStrings cannot be
        # wiped); take_pin empties the field and its undo history at once.
        pin = self._entry.take_pin()
        password: str | None = None
        if self._password is not None:
            # A str cannot be wiped either; the directory client sends it and lets it go.
            password = self._password.text()
            self._password.setText("")
        self._refresh()
        self.submitted.emit(pin, password)

    def _choose_token(self, index: int) -> None:
        assert self._tokens is not None
        token_id = self._tokens.itemData(index)
        if isinstance(token_id, str) and token_id != self._prompt.token.token_id:
            self._entry.clear()
            self.token_chosen.emit(token_id)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            w for w in (self._entry.pin_field, self._password, self._tokens) if w is not None
        ]
        chain += [self._submit, self._cancel]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
