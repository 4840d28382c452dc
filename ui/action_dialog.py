"""What the involvement, cease, contact and shield-request dialogs have in common.

Each one builds a draft from `desktop.requests` on every change: the draft's own checks
(the directory's rules) decide whether the OK button is enabled, and the first thing
still wrong is shown inline under the form, so there is one statement of each rule.

    dialog = CeaseDialog(parent=window)
    draft = dialog.ask()                    # modal: the draft, or None if cancelled
    dialog.submitted.connect(send); dialog.open()   # or non-modal, with the signals

On OK the dialog emits `submitted(draft)` and closes; on cancel (button, Esc, the window
closing, or a lock rejecting every dialog) it emits `cancelled()`.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Final, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import modal
from ui.static_label import StaticLabel
from ui.training_banner import mark_training

_T = TypeVar("_T")
_STILL_NEEDED = "color: #4A4A4A; font-style: italic;"


# What a form's two buttons do, as a screen reader says it after their names.
OK_DESCRIPTION: Final = "Sends the form; it can once nothing is still needed."
CANCEL_DESCRIPTION: Final = "Closes the form without sending anything."


def text_box(
    accessible_name: str, placeholder: str, parent: QWidget | None = None
) -> QPlainTextEdit:
    """A multi-line plain-text field that Tab leaves (keyboard users must get out of it)."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setAccessibleName(accessible_name)
    # The hint goes once typing starts; a screen reader keeps it as the description.
    box.setAccessibleDescription(placeholder)
    box.setPlaceholderText(placeholder)
    return box


def heading_label(text: str, parent: QWidget | None = None) -> StaticLabel:
    heading = StaticLabel(text, parent)
    heading.setObjectName("heading")
    font = QFont(heading.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    heading.setFont(font)
    return heading


def chain_tab_order(widgets: list[QWidget]) -> None:
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


class ActionDialog(QDialog, Generic[_T]):
    """A form whose OK button is enabled only while `draft()` builds a valid draft.

    Subclasses add their rows to `self.form`, connect each field's change signal to
    `self.refresh`, implement `draft()`, and end their __init__ with `self.finish(...)`.
    """

    submitted = Signal(object)  # the draft
    cancelled = Signal()

    def __init__(
        self,
        *,
        title: str,
        heading: str,
        explanation: str,
        ok_label: str,
        parent: QWidget | None,
        training: bool,
    ) -> None:
        super().__init__(parent)
        self._training = training
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(480)
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
        self._buttons = QDialogButtonBox(self)
        self._ok = QPushButton(ok_label, self)
        self._ok.setObjectName("okButton")
        self._ok.setAccessibleName(ok_label.replace("&", ""))
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

    def draft(self) -> _T:
        """The draft the fields describe now; ValueError saying what is still wrong."""
        raise NotImplementedError

    def finish(self, fields: list[QWidget]) -> None:
        """Mark training, set the tab order through `fields` to the buttons, check once."""
        mark_training(self, self._training)
        chain_tab_order([*fields, self._ok, self._cancel])
        if fields:
            fields[0].setFocus()
        self.refresh()

    def refresh(self) -> None:
        try:
            self.draft()
        except ValueError as exc:
            self._ok.setEnabled(False)
            self._message.setText(str(exc))
            self._message.setVisible(True)
        else:
            self._ok.setEnabled(True)
            self._message.setText("")
            self._message.setVisible(False)

    # -- for callers and tests --------------------------------------------------------------

    @property
    def ok_button(self) -> QPushButton:
        return self._ok

    @property
    def still_needed(self) -> str | None:
        """The inline message: what must change before OK is enabled (None when valid)."""
        return self._message.text() or None

    def ask(self) -> _T | None:
        """Run modally: the draft, or None when cancelled."""
        answer = modal.ask(self, self.submitted)
        return None if answer is None else answer[0]

    def reject(self) -> None:
        self.cancelled.emit()
        super().reject()

    def _on_ok(self) -> None:
        try:
            draft = self.draft()
        except ValueError:
            self.refresh()  # Enter pressed before a field's change signal arrived
            return
        self.submitted.emit(draft)
        self.accept()
