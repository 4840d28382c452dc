"""A shielded record as an ordinary viewer sees it: four fields and the way to ask for contact.

Only name, date of birth, gender and ContactPoint ID are shown (DESIGN.md 3.3), whatever
else the model holds, with the directory's own explanation of how the management team
brokers contact. The override button exists only for a viewer with the override right: for
anyone else there is no disabled button hinting at a way round the shield. A shield officer
of the responsible authority also receives the shield's details and sees them here; no one
else is sent them. Like the full record, each block is one label read out by name and
words, in the order of `reading_order` (the tab order).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import RecordModel, Shield, SignedInUser, wording
from ui.child_identity import child_identity
from ui.readonly import lock_down
from ui.record_text import SECTION_STYLE, Rich, Tone, plain, rich_label

# Said only if the directory sent no explanation of its own.
ASK_FOR_CONTACT = (
    "This child's details are shielded. Ask the ContactPoint management team to put you in "
    "touch with the practitioners working with this child."
)
BROKER_TITLE = "This record is shielded"
SHIELD_DETAILS = "Shield details (shield officers)"
_BROKER_STYLE = 'QFrame#section[broker="true"] { background: #fbf3f3; border-color: #c9a3a3; }'
OVERRIDE_HINT = (
    "Override only if a child is at risk and you cannot wait for the management team: you "
    "will give a written reason and your PIN, and the management team is alerted."
)


class ShieldedView(QWidget):
    contact_requested = Signal(str)  # cp_id
    override_requested = Signal(str)  # cp_id

    def __init__(
        self,
        record: RecordModel,
        viewer: SignedInUser,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shielded_view")
        self.setAccessibleName("Shielded record")
        self.setStyleSheet(SECTION_STYLE + _BROKER_STYLE)
        self._cp_id = record.cp_id

        identity = child_identity(record, today, self, marks=[("SHIELDED RECORD", Tone.ALERT)])
        broker = (
            Rich().heading(BROKER_TITLE).line(record.broker_contact or ASK_FOR_CONTACT, scale=1.1)
        )
        explanation = rich_label(broker, self, name="section", title=BROKER_TITLE)
        explanation.setProperty("broker", True)

        self.contact_button = QPushButton("Ask for &contact…", self)
        self.contact_button.setObjectName("ask_for_contact")
        self.contact_button.setAccessibleName("Ask for contact")
        self.contact_button.setAccessibleDescription(
            "Ask the management team to pass your details to the practitioners working "
            "with this child"
        )
        self.contact_button.clicked.connect(lambda: self.contact_requested.emit(self._cp_id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.contact_button)

        self.override_button: QPushButton | None = None
        if viewer.may_override:
            # No keyboard mnemonic: an override must never be one stray Alt key away.
            self.override_button = QPushButton("Override shield…", self)
            self.override_button.setObjectName("override_shield")
            self.override_button.setAccessibleName("Override shield")
            self.override_button.setAccessibleDescription(OVERRIDE_HINT)
            self.override_button.clicked.connect(lambda: self.override_requested.emit(self._cp_id))
            buttons.addWidget(self.override_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(identity)
        layout.addWidget(explanation)
        layout.addLayout(buttons)
        self._reading: list[QWidget] = [identity, explanation, *self.buttons()]
        if self.override_button is not None:
            # Said by the button's description too; a reader tabbing past the button hears it.
            layout.addWidget(plain(OVERRIDE_HINT, self, name="override_hint"))
        if record.shield is not None:
            details = _shield_details(record.shield, self)
            layout.addWidget(details)
            self._reading.append(details)
        layout.addStretch(1)
        lock_down(self)

    @property
    def cp_id(self) -> str:
        return self._cp_id

    def buttons(self) -> list[QPushButton]:
        """The view's buttons in tab order."""
        return [b for b in (self.contact_button, self.override_button) if b is not None]

    def later_blocks(self) -> list[QWidget]:
        """None: the shielded view is small enough to show at once."""
        return []

    def reading_order(self) -> list[QWidget]:
        """The blocks and buttons in the order they are read (the tab order)."""
        return list(self._reading)


def _shield_details(shield: Shield, parent: QWidget) -> QLabel:
    block = Rich().heading(SHIELD_DETAILS).fields(wording.shield_facts(shield))
    return rich_label(block, parent, name="section", title=SHIELD_DETAILS)
