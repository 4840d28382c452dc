"""A shielded record as an ordinary viewer sees it: four fields and the way to ask for contact.

Only name, date of birth, gender and ContactPoint ID are shown (DESIGN.md 3.3), whatever
else the model holds, with the directory's own explanation of how the management team
brokers contact. The override button exists only for a viewer with the override right: for
anyone else there is no disabled button hinting at a way round the shield. A shield officer
of the responsible authority also receives the shield's details and sees them here; no one
else is sent them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import RecordModel, Shield, SignedInUser, wording
from ui.child_identity import ChildIdentity
from ui.readonly import lock_down
from ui.record_text import Tone, caption, heading, plain, scaled

# Said only if the directory sent no explanation of its own.
ASK_FOR_CONTACT = (
    "This child's details are shielded. Ask the ContactPoint management team to put you in "
    "touch with the practitioners working with this child."
)
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
        self._cp_id = record.cp_id

        identity = ChildIdentity(record, today, self, marks=[("SHIELDED RECORD", Tone.ALERT)])
        explanation = QFrame(self)
        explanation.setObjectName("broker_contact")
        explanation.setFrameShape(QFrame.Shape.StyledPanel)
        explanation.setStyleSheet(
            "QFrame#broker_contact { background: #fbf3f3; border: 1px solid #c9a3a3;"
            " border-radius: 4px; }"
        )
        box = QVBoxLayout(explanation)
        box.addWidget(heading("This record is shielded", explanation))
        broker = plain(record.broker_contact or ASK_FOR_CONTACT, explanation, name="broker")
        box.addWidget(scaled(broker, 1.1))

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
        if self.override_button is not None:
            layout.addWidget(plain(OVERRIDE_HINT, self, name="override_hint"))
        if record.shield is not None:
            layout.addWidget(_shield_details(record.shield, self))
        layout.addStretch(1)
        lock_down(self)

    @property
    def cp_id(self) -> str:
        return self._cp_id

    def buttons(self) -> list[QPushButton]:
        """The view's buttons in tab order."""
        return [b for b in (self.contact_button, self.override_button) if b is not None]


def _shield_details(shield: Shield, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    box.setObjectName("shield_details")
    box.setAccessibleName("Shield details")
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.addWidget(heading("Shield details (shield officers)", box), 0, 0, 1, 2)
    for row, (title, value) in enumerate(wording.shield_facts(shield), start=1):
        grid.addWidget(caption(title, box), row, 0)
        grid.addWidget(plain(value, box), row, 1)
    grid.setColumnStretch(1, 1)
    return box
