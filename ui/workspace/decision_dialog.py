"""Decide one request: broker or decline a contact request, grant or decline a shield request
(PATCH /v1/contact-requests/{id}, /v1/shield-requests/{id}).

The decision was chosen on the tab; the dialog shows the request whole and takes the
team's note, which the requester never sees: they see the outcome only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from contract.codes import ContactRequestStatus, ShieldRequestStatus
from desktop import ActionRequest, DecisionDraft, RequestKind, WorkRequest
from ui.action_dialog import text_box
from ui.static_label import StaticLabel
from ui.workspace import words
from ui.workspace.requests_tab import request_text
from ui.workspace.step_dialog import StepDialog

# (kind, decision) -> (window title, OK button, what it means)
STEPS: dict[tuple[RequestKind, str], tuple[str, str, str]] = {
    ("contact", ContactRequestStatus.BROKERED): (
        "Broker contact",
        "Mark as &brokered",
        "Mark the request brokered once you have passed the message on to the practitioners "
        "working with the child.",
    ),
    ("contact", ContactRequestStatus.DECLINED): (
        "Decline contact request",
        "&Decline the request",
        "Decline when contact should not be brokered.",
    ),
    ("shield", ShieldRequestStatus.GRANTED): (
        "Grant shield request",
        "&Grant and place the shield",
        "Granting places the shield at once, for the reason the practitioner gave; a second "
        "shield officer must then confirm it.",
    ),
    ("shield", ShieldRequestStatus.DECLINED): (
        "Decline shield request",
        "&Decline the request",
        "Decline when the record should not be shielded.",
    ),
}
REQUESTER_SEES = (
    "The practitioner who asked sees only the outcome and when it was decided, never your "
    "note or who decided."
)


def request_kind(request: ActionRequest) -> RequestKind:
    return "contact" if request.kind == "contact" else "shield"


class DecisionDialog(StepDialog):
    def __init__(
        self, request: ActionRequest, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        self.kind = request_kind(request)
        self.status = str(request.action)
        title, ok_label, explanation = STEPS[(self.kind, self.status)]
        super().__init__(
            request,
            title=title,
            heading=title,
            explanation=f"{explanation}\n\n{REQUESTER_SEES}",
            ok_label=ok_label,
            parent=parent,
            training=training,
        )
        item = request.item if isinstance(request.item, WorkRequest) else None
        if item is not None:
            asked = StaticLabel(
                f"{item.reference} about ContactPoint ID {words.cp_id(item.cp_id)}, from "
                f"{words.person(item.requester)}, {words.moment(item.created_at)}:\n"
                f"{request_text(item) or words.NONE}",
                self,
            )
            asked.setObjectName("request_text")
            asked.setAccessibleName("The request")
            self.form.addRow("Request:", asked)
        self.note = text_box(
            "Note for the team", "What was done and why (the requester never sees it)", self
        )
        self.note.setMinimumHeight(80)
        self.form.addRow("&Note:", self.note)
        self.note.textChanged.connect(self.refresh)
        self.finish([self.note])

    def draft(self) -> DecisionDraft:
        return DecisionDraft(self.kind, self.status, self.note.toPlainText())
