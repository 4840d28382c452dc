"""Ask for a child's record to be shielded (POST .../shield-requests).

The shield officers of the child's responsible authority decide; the practitioner gives
the reason category (the directory's list) and a note saying why.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from contract.limits import MAX_NOTE_CHARACTERS
from desktop import SHIELD_REASONS, ShieldDraft
from ui.action_dialog import ActionDialog, text_box
from ui.static_label import StaticLabel

TITLE = "ContactPoint — ask for a shield"
EXPLANATION = (
    "A shield hides where the child lives, their school, GP, carers and who works with them. "
    "Practitioners then see only the child's name, date of birth and how to reach the "
    "management team, unless someone with the override right gives a recorded "
    "justification. The shield officers of the local authority responsible for the child "
    "decide on your request."
)


class ShieldRequestDialog(ActionDialog[ShieldDraft]):
    def __init__(self, parent: QWidget | None = None, *, training: bool = False) -> None:
        super().__init__(
            title=TITLE,
            heading="Ask for this record to be shielded",
            explanation=EXPLANATION,
            ok_label="Send request",
            parent=parent,
            training=training,
        )
        self.reason = QComboBox(self)
        self.reason.setAccessibleName("Reason for the shield")
        self.reason.setAccessibleDescription("Why you ask for the child's details to be shielded.")
        for code, label in SHIELD_REASONS:
            self.reason.addItem(label, code)
        # No default: a reason someone did not choose must never be sent.
        self.reason.setPlaceholderText("Choose a reason")
        self.reason.setCurrentIndex(-1)
        self.form.addRow("&Reason:", self.reason)
        self.note = text_box("Note for the shield officers", "Why the child needs a shield", self)
        self.form.addRow("&Note:", self.note)
        self._count = StaticLabel("", self)
        self._count.setObjectName("characterCount")
        self._count.setAccessibleName("Note length")
        self.form.addRow("", self._count)
        self.reason.currentIndexChanged.connect(self.refresh)
        self.note.textChanged.connect(self.refresh)
        self.finish([self.reason, self.note])

    def refresh(self) -> None:
        length = len(self.note.toPlainText().strip())
        self._count.setText(f"{length} of at most {MAX_NOTE_CHARACTERS} characters")
        super().refresh()

    def draft(self) -> ShieldDraft:
        code = self.reason.currentData() if self.reason.currentIndex() >= 0 else None
        if not isinstance(code, str):
            raise ValueError("Choose the reason the record should be shielded.")
        return ShieldDraft(code, self.note.toPlainText())
