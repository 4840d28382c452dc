"""The record's buttons for the people who work shields: the steps of the shield's life
this person may take now, and the child's access history for the management team.

The buttons only ask, with the ContactPoint ID: the workspace's action flow
(desktop.management) opens the step's dialog and the directory decides. Which steps are
offered comes from the one shield machine the directory also follows
(contract.shield_machine.offered, computed by the caller from the record's shield block),
so a person is never offered a step the directory would refuse for its phase; the
directory refuses it anyway if the record on screen has gone stale.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from contract.codes import ShieldEvent, ShieldPhase

# (event, review) -> (text with its mnemonic, accessible name). The letters are ones no
# other control of the main window uses.
_STEPS: dict[tuple[ShieldEvent, bool], tuple[str, str, str]] = {
    (ShieldEvent.PLACE, False): (
        "Place &a shield…",
        "Place a shield",
        "Hide this child at once; the other shield officer confirms it",
    ),
    (ShieldEvent.CONFIRM, False): (
        "Co&nfirm shield…",
        "Confirm the shield",
        "Confirm the shield another officer placed",
    ),
    (ShieldEvent.PROPOSE_LIFT, False): (
        "Propose l&ift…",
        "Propose lifting the shield",
        "Ask the management team to lift the shield; it holds until they confirm",
    ),
    (ShieldEvent.CONFIRM_LIFT, False): (
        "Confir&m lift…",
        "Confirm lifting the shield",
        "Lift the shield another member proposed lifting",
    ),
    (ShieldEvent.RENEW, True): (
        "Rene&w shield…",
        "Renew the shield after a review",
        "Keep the shield for another six months after reviewing it",
    ),
}
STEP_ORDER = tuple(_STEPS)


class TeamBar(QWidget):
    # cp_id, ShieldEvent, review, and the ShieldPhase the record showed (the flow's dialog
    # says what is being confirmed or lifted).
    shield_step_requested = Signal(str, object, bool, object)
    history_requested = Signal(str)  # cp_id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team_bar")
        self.setAccessibleName("Shield and team actions")
        self._cp_id: str | None = None
        self._phase: ShieldPhase | None = None
        self._step_buttons: dict[tuple[ShieldEvent, bool], QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for step, (text, accessible, description) in _STEPS.items():
            button = QPushButton(text, self)
            button.setObjectName(f"shield_{step[0].value}")
            button.setAccessibleName(accessible)
            button.setAccessibleDescription(description)
            button.clicked.connect(lambda _=False, s=step: self._step(s))
            layout.addWidget(button)
            self._step_buttons[step] = button
        self.history_button = QPushButton("Access &history…", self)
        self.history_button.setObjectName("access_history")
        self.history_button.setAccessibleName("Who has looked at this child")
        self.history_button.setAccessibleDescription(
            "Every view and search result of this child, newest first"
        )
        self.history_button.clicked.connect(self._history)
        layout.addWidget(self.history_button)
        layout.addStretch(1)
        self.show_for(None, (), history=False)

    def show_for(
        self,
        cp_id: str | None,
        steps: tuple[tuple[ShieldEvent, bool], ...],
        *,
        history: bool,
        phase: ShieldPhase | None = None,
    ) -> None:
        """Offer `steps` (event, review) and, for the team, the access history; nothing
        when `cp_id` is None (no record, or a saved copy shown offline)."""
        self._cp_id, self._phase = cp_id, phase
        for step, button in self._step_buttons.items():
            button.setVisible(cp_id is not None and step in steps)
        self.history_button.setVisible(cp_id is not None and history)
        self.setVisible(cp_id is not None and (bool(steps) or history))

    def buttons(self) -> list[QPushButton]:
        """The visible buttons, in tab order."""
        return [b for b in (*self._step_buttons.values(), self.history_button) if not b.isHidden()]

    def _step(self, step: tuple[ShieldEvent, bool]) -> None:
        if self._cp_id is not None:
            self.shield_step_requested.emit(self._cp_id, step[0], step[1], self._phase)

    def _history(self) -> None:
        if self._cp_id is not None:
            self.history_requested.emit(self._cp_id)
