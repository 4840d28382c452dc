"""One step in a shield's life (DESIGN.md 3.6.1): place, confirm, propose or confirm a lift,
or a six-monthly review (renew, or propose the lift).

Each says plainly what the step does before the person does it: a shield placed protects
the child at once and waits for a second officer; a confirmation says whose shield, placed
when; a proposed lift leaves the shield in force until the team confirms; a confirmed lift
makes the child visible again to every practitioner, at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from contract.codes import ShieldEvent
from desktop import ActionRequest, ShieldStatus, ShieldStepDraft
from ui.action_dialog import text_box
from ui.workspace import words
from ui.workspace.step_dialog import StepDialog

# (event, review) -> (window title, OK button)
STEPS: dict[tuple[ShieldEvent, bool], tuple[str, str]] = {
    (ShieldEvent.PLACE, False): ("Place a shield", "&Place the shield"),
    (ShieldEvent.GRANT, False): ("Place a shield", "&Place the shield"),
    (ShieldEvent.CONFIRM, False): ("Confirm a shield", "&Confirm the shield"),
    (ShieldEvent.PROPOSE_LIFT, False): ("Propose lifting a shield", "&Propose the lift"),
    (ShieldEvent.CONFIRM_LIFT, False): ("Confirm lifting a shield", "Confirm the &lift"),
    (ShieldEvent.RENEW, True): ("Review a shield", "&Renew for six months"),
    (ShieldEvent.PROPOSE_LIFT, True): ("Review a shield", "&Propose the lift"),
}
PLACE = (
    "The shield takes effect at once: from now on practitioners see only the child's name, "
    "date of birth and how to reach the management team. A second shield officer of the "
    "authority must then confirm it."
)
LIFT_HOLDS = (
    "The shield stays in force until the management team confirms the lift; until then "
    "nothing changes for practitioners."
)
LIFT_NOW = (
    "Once you confirm, the shield is lifted at once: every practitioner who looks the child "
    "up sees the whole record again, including where the child lives."
)
RENEW = "Renewing keeps the shield and sets its next review six months from today."


def _placed(status: ShieldStatus | None) -> str:
    if status is None or status.placed_by is None:
        return "another shield officer"
    return f"{status.placed_by} on {words.day(status.placed_on)}"


def explanation(request: ActionRequest) -> str:
    status = request.item if isinstance(request.item, ShieldStatus) else None
    event = ShieldEvent(request.action)
    child = f"ContactPoint ID {words.cp_id(request.cp_id)}"
    if event in (ShieldEvent.PLACE, ShieldEvent.GRANT):
        return f"Shield {child}.\n\n{PLACE}"
    if event is ShieldEvent.CONFIRM:
        return (
            f"You confirm the shield on {child}, placed by {_placed(status)}. You must be "
            "a different shield officer from the one who placed it."
        )
    if event is ShieldEvent.CONFIRM_LIFT:
        proposer = status.lift_proposed_by if status and status.lift_proposed_by else None
        proposed = f" The lift was proposed by {proposer}." if proposer else ""
        return f"Lift the shield on {child}.{proposed}\n\n{LIFT_NOW}"
    review = "Record this shield's review and propose its lift. " if request.review else ""
    if event is ShieldEvent.RENEW:
        return f"Review the shield on {child}, placed by {_placed(status)}.\n\n{RENEW}"
    return f"{review}Propose lifting the shield on {child}.\n\n{LIFT_HOLDS}"


class ShieldStepDialog(StepDialog):
    def __init__(
        self, request: ActionRequest, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        self.step = ShieldEvent(request.action)
        self.review = request.review or self.step is ShieldEvent.RENEW
        title, ok_label = STEPS[(self.step, self.review)]
        super().__init__(
            request,
            title=title,
            heading=title,
            explanation=explanation(request),
            ok_label=ok_label,
            parent=parent,
            training=training,
        )
        fields: list[QWidget] = []
        self.reason: QComboBox | None = None
        self.note: QPlainTextEdit | None = None
        if self.step in (ShieldEvent.PLACE, ShieldEvent.GRANT):
            self.reason = QComboBox(self)
            self.reason.setAccessibleName("Reason for the shield")
            self.reason.setAccessibleDescription("Why the child's details are shielded.")
            for reason in request.reasons:
                self.reason.addItem(reason.label, reason.code)
            # No default: a reason nobody chose must never be recorded.
            self.reason.setPlaceholderText("Choose a reason")
            self.reason.setCurrentIndex(-1)
            self.reason.currentIndexChanged.connect(self.refresh)
            self.form.addRow("&Reason:", self.reason)
            fields.append(self.reason)
        if self.reason is not None or self.review:
            placeholder = "Why the child is shielded" if self.reason else "What the review found"
            self.note = text_box("Note", placeholder, self)
            self.note.setMinimumHeight(80)
            self.note.textChanged.connect(self.refresh)
            self.form.addRow("&Note:", self.note)
            fields.append(self.note)
        self.finish(fields)

    def draft(self) -> ShieldStepDraft:
        reason = None
        if self.reason is not None:
            code = self.reason.currentData() if self.reason.currentIndex() >= 0 else None
            reason = code if isinstance(code, str) else None
            if reason is None:
                raise ValueError("Choose the reason for the shield.")
        note = None if self.note is None else self.note.toPlainText()
        return ShieldStepDraft(self.step, reason, note, self.review)
