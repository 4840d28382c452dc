"""Ask the management team to broker contact about a child (POST .../contact-requests).

The route a shielded record offers (DESIGN.md 3.3): the practitioner does not learn who
works with the child; the responsible authority's management team passes the message on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from contract.limits import MAX_MESSAGE_CHARACTERS
from desktop import ContactDraft
from ui.action_dialog import ActionDialog, text_box
from ui.static_label import StaticLabel

TITLE = "ContactPoint — ask for contact"
EXPLANATION = (
    "The ContactPoint management team responsible for this child brokers contact. They pass "
    "your message on, exactly as you write it, to the practitioners working with the child, "
    "who can then get in touch with you.\n\n"
    "Say who you are, how to reach you and why you need contact. Write no more about the "
    "child than is needed."
)


class ContactRequestDialog(ActionDialog[ContactDraft]):
    def __init__(self, parent: QWidget | None = None, *, training: bool = False) -> None:
        super().__init__(
            title=TITLE,
            heading="Ask for contact",
            explanation=EXPLANATION,
            ok_label="Send request",
            parent=parent,
            training=training,
        )
        self.message = text_box(
            "Message to the management team", "Who you are, how to reach you, and why", self
        )
        self.form.addRow("&Message:", self.message)
        self._count = StaticLabel("", self)
        self._count.setObjectName("characterCount")
        self._count.setAccessibleName("Message length")
        self.form.addRow("", self._count)
        self.message.textChanged.connect(self.refresh)
        self.finish([self.message])

    def refresh(self) -> None:
        length = len(self.message.toPlainText().strip())
        self._count.setText(f"{length} of at most {MAX_MESSAGE_CHARACTERS} characters")
        super().refresh()

    def draft(self) -> ContactDraft:
        return ContactDraft(self.message.toPlainText())
