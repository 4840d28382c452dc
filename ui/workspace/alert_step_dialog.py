"""Acknowledge, escalate or close one alert (PATCH /v1/alerts/{id}).

Acknowledging says the team has seen it; escalating passes it up; either may carry a note.
Closing records what the check found (an outcome: justified, not justified, referred) and
a note saying what was checked: both required, as the directory requires them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from contract.codes import AlertOutcome, AlertStatus
from desktop import ALERT_OUTCOMES, ActionRequest, Alert, AlertStepDraft
from ui.action_dialog import text_box
from ui.workspace import words
from ui.workspace.step_dialog import StepDialog

# (window title, OK button, what the step means)
STEPS: dict[AlertStatus, tuple[str, str, str]] = {
    AlertStatus.ACKNOWLEDGED: (
        "Acknowledge alert",
        "Ac&knowledge",
        "Acknowledging tells the team that someone is checking this alert. Add a note if it "
        "helps whoever picks it up next.",
    ),
    AlertStatus.ESCALATED: (
        "Escalate alert",
        "&Escalate",
        "Escalating passes the alert to a senior manager for a decision. Add a note saying "
        "why, if it helps them.",
    ),
    AlertStatus.CLOSED: (
        "Close alert",
        "C&lose alert",
        "Closing records what the check found. Choose the outcome and write a note saying "
        "what was checked and with whom; auditors read it.",
    ),
}
# Mnemonics for the outcomes, unique within the dialog.
_OUTCOME_TEXT = {
    AlertOutcome.JUSTIFIED: "&Justified",
    AlertOutcome.NOT_JUSTIFIED: "No&t justified",
    AlertOutcome.REFERRED: "&Referred",
}


def alert_summary(alert: Alert | None) -> str:
    if alert is None:
        return ""
    child = f"ContactPoint ID {words.cp_id(alert.cp_id)}" if alert.cp_id else "no child"
    kind = words.code(words.ALERT_KINDS, alert.kind)
    return (
        f"{alert.reference}: {kind} by {alert.user_id}, about {child}.\n"
        f"Reason: {alert.reason_label}. Raised {words.moment(alert.created_at)}, open "
        f"{words.age(alert.age_seconds)}{' — OVERDUE' if alert.past_target else ''}."
    )


class AlertStepDialog(StepDialog):
    def __init__(
        self, request: ActionRequest, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        self.status = AlertStatus(request.action)
        title, ok_label, explanation = STEPS[self.status]
        alert = request.item if isinstance(request.item, Alert) else None
        super().__init__(
            request,
            title=title,
            heading=title,
            explanation=f"{alert_summary(alert)}\n\n{explanation}".strip(),
            ok_label=ok_label,
            parent=parent,
            training=training,
        )
        fields: list[QWidget] = []
        self.outcomes: dict[AlertOutcome, QRadioButton] = {}
        if self.status is AlertStatus.CLOSED:
            box = QWidget(self)
            box.setObjectName("outcomes")
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            self._group = QButtonGroup(self)
            for outcome, label in ALERT_OUTCOMES:
                radio = QRadioButton(_OUTCOME_TEXT.get(outcome, label), box)
                radio.setObjectName(f"outcome_{outcome}")
                radio.setAccessibleName(label)
                radio.setAccessibleDescription("The outcome the alert is closed with.")
                self._group.addButton(radio)
                column.addWidget(radio)
                radio.toggled.connect(self.refresh)
                self.outcomes[AlertOutcome(outcome)] = radio
                fields.append(radio)
            self.form.addRow("Outcome:", box)
        optional = self.status is not AlertStatus.CLOSED
        self.note = text_box(
            "Note" + (" (optional)" if optional else ""),
            "What was checked and found" if not optional else "Optional: anything the team needs",
            self,
        )
        self.note.setMinimumHeight(80)
        self.form.addRow("&Note:", self.note)
        self.note.textChanged.connect(self.refresh)
        fields.append(self.note)
        self.finish(fields)

    def outcome(self) -> AlertOutcome | None:
        return next((o for o, radio in self.outcomes.items() if radio.isChecked()), None)

    def draft(self) -> AlertStepDraft:
        note = self.note.toPlainText()
        if self.status is AlertStatus.CLOSED:
            return AlertStepDraft(self.status, self.outcome(), note)
        return AlertStepDraft(self.status, None, note if note.strip() else None)
