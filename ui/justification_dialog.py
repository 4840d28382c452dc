"""The gate in front of every shield override (DESIGN.md 3.3, 3.7; issue 3 "Shield override").

An override must be fast but never casual: a reason from the directory's published list
(no default, so nobody overrides with a reason they did not pick), a justification in the
practitioner's own words that meets the directory's published rule, a plain statement
that the management team is alerted, and the card's PIN again. The button stays disabled
until all four are there; a live counter says how far the justification has got.

The dialog sends nothing itself: it emits an OverrideDraft (the PIN in a fresh bytearray
that whoever consumes it wipes) and closes. It never submits by itself. In the client it
is shown and closed by the override flow (desktop.override, wired in ui.override_dialogs):
after a wrong PIN the flow opens it again with the reason and justification as they were
and the card's answer above the PIN field, so that only the PIN is typed again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import (
    JustificationRequest,
    JustificationRule,
    OverrideDraft,
    OverrideReason,
    PinPrompt,
)
from ui import modal
from ui.action_dialog import chain_tab_order, heading_label, text_box
from ui.pin_entry import PinEntry
from ui.static_label import StaticLabel
from ui.training_banner import mark_training

TITLE = "ContactPoint — override a shield"
EXPLANATION = (
    "This child's record is shielded. You may see it in full, for this one view only, if you "
    "give a reason, explain in your own words why you need the details now, and confirm "
    "with your PIN."
)
WARNING = (
    "Every override is recorded with your name, your reason and your justification. The "
    "ContactPoint management team of the child's local authority is alerted at once and "
    "will check this access with you."
)
_WARNING_STYLE = (
    "background: #FFF4E0; color: #3A2200; border: 1px solid #B35C00;"
    " border-left: 4px solid #B35C00; padding: 8px; font-weight: bold;"
)
_MET = "color: #1B5E20;"
_NOT_MET = "color: #4A4A4A;"


class JustificationDialog(QDialog):
    """Reason, justification and PIN for one override; `ask()` or `open()` with the signals."""

    submitted = Signal(object)  # OverrideDraft
    cancelled = Signal()

    def __init__(
        self,
        reasons: Sequence[OverrideReason],
        rule: JustificationRule,
        prompt: PinPrompt,
        parent: QWidget | None = None,
        *,
        training: bool = False,
        reason_code: str | None = None,
        justification: str = "",
    ) -> None:
        """`reason_code` and `justification` fill the form in again after a wrong PIN."""
        super().__init__(parent)
        self._rule = rule
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Override a shield", self))
        layout.addWidget(StaticLabel(EXPLANATION, self))
        # Before the form: read before anything is written, not discovered at the button.
        self._warning = StaticLabel(WARNING, self)
        self._warning.setObjectName("overrideWarning")
        self._warning.setStyleSheet(_WARNING_STYLE)
        self._warning.setAccessibleName("Warning")
        self._warning.setAccessibleDescription(WARNING)
        layout.addWidget(self._warning)

        form = QFormLayout()
        layout.addLayout(form)
        self.reason = QComboBox(self)
        self.reason.setAccessibleName("Reason for the override")
        self.reason.setAccessibleDescription("Why you need the shielded details; recorded.")
        for reason in reasons:
            self.reason.addItem(reason.label, reason.code)
        self.reason.setPlaceholderText("Choose a reason")
        # No default: a reason is chosen by the person, or kept from their last attempt.
        self.reason.setCurrentIndex(
            -1 if reason_code is None else self.reason.findData(reason_code)
        )
        form.addRow("&Reason:", self.reason)

        self.justification = text_box(
            "Justification", "Why you need this child's details now, in your own words", self
        )
        self.justification.setMinimumHeight(90)
        self.justification.setPlainText(justification)
        form.addRow("&Justification:", self.justification)
        # The rule and the counter share one cell: as two wrapped rows QFormLayout
        # over-estimates their height and leaves a gap between them.
        guide = QWidget(self)
        guide_layout = QVBoxLayout(guide)
        guide_layout.setContentsMargins(0, 0, 0, 0)
        guide_layout.setSpacing(2)
        self._rule_text = StaticLabel(rule.text, guide)
        self._rule_text.setObjectName("ruleText")
        guide_layout.addWidget(self._rule_text)
        self._counter = StaticLabel("", guide)
        self._counter.setObjectName("justificationCounter")
        self._counter.setAccessibleName("Justification progress")
        self._counter.setWordWrap(False)  # one short line; wrapping only adds a gap
        guide_layout.addWidget(self._counter)
        form.addRow("", guide)

        self._entry = PinEntry(prompt, self)
        layout.addWidget(self._entry)

        buttons = QDialogButtonBox(self)
        self._submit = QPushButton("Override and &view", self)
        self._submit.setObjectName("submitButton")
        self._submit.setAccessibleName("Override and view")
        self._submit.setAccessibleDescription(
            "Checks your PIN, records the override and opens the full record; the team is told."
        )
        self._submit.setDefault(True)
        buttons.addButton(self._submit, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel.setAccessibleName("Cancel")
        self._cancel.setAccessibleDescription("Closes without overriding the shield.")
        buttons.accepted.connect(self._on_submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        mark_training(self, training)
        self.reason.currentIndexChanged.connect(self._refresh)
        self.justification.textChanged.connect(self._refresh)
        self._entry.changed.connect(self._refresh)
        fields: list[QWidget] = [self.reason, self.justification]
        if self._entry.pin_field is not None:
            fields.append(self._entry.pin_field)
        chain_tab_order([*fields, self._submit, self._cancel])
        # Asked again after a wrong PIN, only the PIN is left to type.
        again = self._entry.pin_field if reason_code is not None else None
        (again or self.reason).setFocus()
        self._refresh()

    @classmethod
    def for_request(
        cls, request: JustificationRequest, parent: QWidget | None = None, *, training: bool
    ) -> JustificationDialog:
        """The dialog the override flow asks for (desktop.override.flow)."""
        return cls(
            request.reasons,
            request.rule,
            request.prompt,
            parent,
            training=training,
            reason_code=request.reason_code,
            justification=request.justification,
        )

    # -- what tests and controllers look at -------------------------------------------

    @property
    def submit_button(self) -> QPushButton:
        return self._submit

    @property
    def pin_entry(self) -> PinEntry:
        return self._entry

    @property
    def counter_text(self) -> str:
        return self._counter.text()

    @property
    def problems(self) -> tuple[str, ...]:
        """What the justification still lacks, as the directory's rule counts it."""
        return self._rule.problems(self.justification.toPlainText())

    # -- entry points -------------------------------------------------------------------

    def ask(self) -> OverrideDraft | None:
        """Run modally: the draft (whose PIN the caller wipes), or None when cancelled."""
        answer = modal.ask(self, self.submitted)
        return None if answer is None else answer[0]

    def reject(self) -> None:
        self._entry.clear()
        self.cancelled.emit()
        super().reject()

    def withdraw(self) -> None:
        """Closed by the flow, not the person (a lock, a pulled card): nothing is emitted."""
        self._entry.clear()
        super().reject()

    # -- internals ------------------------------------------------------------------------

    def _reason_code(self) -> str | None:
        code = self.reason.currentData() if self.reason.currentIndex() >= 0 else None
        return code if isinstance(code, str) else None

    def _ready(self) -> bool:
        return self._reason_code() is not None and not self.problems and self._entry.ready

    def _refresh(self) -> None:
        text = self.justification.toPlainText()
        rule = self._rule
        characters, words = rule.characters(text), rule.words(text)
        self._counter.setText(
            f"{characters} of {rule.min_characters} characters, "
            f"{words} of {rule.min_words} different words"
        )
        met = characters >= rule.min_characters and words >= rule.min_words
        self._counter.setStyleSheet(_MET if met else _NOT_MET)
        self._submit.setEnabled(self._ready())

    def _on_submit(self) -> None:
        code = self._reason_code()
        if code is None or not self._ready():
            return
        justification = self.justification.toPlainText().strip()
        draft = OverrideDraft(code, justification, self._entry.take_pin())
        self._refresh()
        self.submitted.emit(draft)
        self.accept()
