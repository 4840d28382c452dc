"""The PIN part of a dialog: the card's PIN state, the last failure, and the PIN itself.

Shared by the sign-in PIN dialog and the shield-override justification dialog, so a
final-try warning or a PIN-pad reader looks and behaves the same in both.

Qt keeps the typed text in QStrings, and every read of `text()` makes another copy: none
of them can be wiped from Python. `take_pin()` therefore reads the field once into a new
bytearray (the only copy we control, which whoever consumes it zeroes) and at once empties
the field with setText(""), which also clears its undo history, so the PIN is not left
in the widget for anyone to recover.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop import MAX_PIN_LENGTH, PinPrompt
from ui.static_label import StaticLabel

PIN_PAD_TEXT = "Enter your PIN on the reader's keypad when it asks for it."
DANGER_STYLE = (
    "background: #FDECEA; color: #5F0000; border-left: 4px solid #B00020;"
    " padding: 6px; font-weight: bold;"
)
CAUTION_STYLE = (
    "background: #FFF4E0; color: #4A2A00; border-left: 4px solid #B35C00;"
    " padding: 6px; font-weight: bold;"
)
FAILURE_STYLE = "color: #B00020; font-weight: bold;"
_PAD = (
    "background: #E8F0FA; color: #0B2545; border-left: 4px solid #1F5FA8;"
    " padding: 8px; font-weight: bold;"
)


def pin_line_edit(parent: QWidget | None = None) -> QLineEdit:
    """A line edit for a secret: hidden echo, no context menu, no input-method prediction."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhNoAutoUppercase
    )
    edit.setAcceptDrops(False)
    return edit


class PinEntry(QWidget):
    """Warnings, failure and PIN field (or the PIN-pad note) for one PinPrompt.

    `changed` is emitted whenever `ready` may have changed. Other rows (a password, a card
    picker) can be added under the PIN with `add_row`, so their labels line up.
    """

    changed = Signal()

    def __init__(self, prompt: PinPrompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt = prompt
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # Most serious first (PinPrompt.warnings orders them); a locked card, a PIN that
        # must change or a final try is an alarm, a low count a caution.
        state = prompt.pin_state
        serious = state.locked or state.must_change or state.final_try
        self._warnings: list[StaticLabel] = []
        for text in prompt.warnings:
            warning = StaticLabel(text, self)
            warning.setObjectName("pinWarning")
            warning.setStyleSheet(DANGER_STYLE if serious else CAUTION_STYLE)
            warning.setAccessibleName("Warning")
            warning.setAccessibleDescription(text)
            layout.addWidget(warning)
            self._warnings.append(warning)

        self._failure = StaticLabel(prompt.failure or "", self)
        self._failure.setObjectName("pinFailure")
        self._failure.setStyleSheet(FAILURE_STYLE)
        self._failure.setAccessibleName("Last attempt")
        self._failure.setVisible(prompt.failure is not None)
        layout.addWidget(self._failure)

        self._form = QFormLayout()
        layout.addLayout(self._form)
        self._field: QLineEdit | None = None
        self._pad_note: StaticLabel | None = None
        if prompt.pin_pad:
            # The PIN never passes through this program: the reader's keypad takes it.
            self._pad_note = StaticLabel(PIN_PAD_TEXT, self)
            self._pad_note.setObjectName("pinPadNote")
            self._pad_note.setAccessibleName(PIN_PAD_TEXT)
            self._pad_note.setStyleSheet(_PAD)
            layout.insertWidget(layout.indexOf(self._failure) + 1, self._pad_note)
        else:
            self._field = pin_line_edit(self)
            self._field.setObjectName("pinField")
            self._field.setMaxLength(MAX_PIN_LENGTH)
            self._field.setAccessibleName("PIN")
            self._field.setEnabled(prompt.can_submit)
            self._field.textChanged.connect(self.changed)
            self._form.addRow("&PIN:", self._field)

    @property
    def prompt(self) -> PinPrompt:
        return self._prompt

    @property
    def pin_field(self) -> QLineEdit | None:
        """The PIN field; None for a PIN-pad reader."""
        return self._field

    @property
    def warning_texts(self) -> tuple[str, ...]:
        return tuple(label.text() for label in self._warnings)

    @property
    def failure_text(self) -> str | None:
        return self._failure.text() if self._failure.isVisibleTo(self) else None

    @property
    def ready(self) -> bool:
        """The card can take a PIN and one has been typed (or the keypad will take it)."""
        if not self._prompt.can_submit:
            return False
        return self._field is None or bool(self._field.text())

    def add_row(self, label: str, field: QWidget) -> None:
        self._form.addRow(label, field)

    def focus_target(self) -> QWidget | None:
        return self._field

    def take_pin(self) -> bytearray:
        """The typed PIN as a NEW bytearray (empty for a PIN pad); the field is emptied."""
        if self._field is None:
            return bytearray()
        pin = bytearray(self._field.text().encode("utf-8"))
        self.clear()
        return pin

    def clear(self) -> None:
        """Empty the field. setText also drops the undo history, which would hold the PIN."""
        if self._field is not None:
            self._field.setText("")
