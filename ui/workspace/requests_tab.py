"""The Contact requests and Shield requests tabs: what practitioners asked the team for.

A practitioner's message or note can be long: the table shows its first words and the
detail pane below shows the current request whole. Only an open request can be decided;
the buttons are desktop.DECISIONS[kind] and `act(request, status)` asks for one.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from desktop import DECISIONS, Page, RequestKind, WorkRequest, wording
from ui.workspace import words
from ui.workspace.worklist_tab import WorklistTab, button

COLUMNS: dict[RequestKind, tuple[str, ...]] = {
    "contact": ("Reference", "ContactPoint ID", "Received", "Status", "Decided", "Requester",
                "Message"),
    "shield": ("Reference", "ContactPoint ID", "Received", "Status", "Decided", "Requester",
               "Reason and note"),
}  # fmt: skip
NAMES: dict[RequestKind, tuple[str, str]] = {
    # (object name, what the tab is called)
    "contact": ("contact_tab", "Contact requests"),
    "shield": ("shield_tab", "Shield requests"),
}
EMPTY = {
    "contact": "No contact requests to show.",
    "shield": "No shield requests to show.",
}


def request_text(item: WorkRequest) -> str:
    """What the requester wrote: a contact request's message, a shield request's reason
    and note."""
    if item.kind == "contact":
        return item.message or ""
    reason = wording.label(wording.SHIELD_REASONS, item.reason_category or "")
    return f"{reason}: {item.note}" if item.note else reason


class RequestsTab(WorklistTab[WorkRequest]):
    act = Signal(object, object)  # (WorkRequest, ContactRequestStatus | ShieldRequestStatus)

    def __init__(self, kind: RequestKind, parent: QWidget | None = None) -> None:
        name, accessible = NAMES[kind]
        columns = COLUMNS[kind]
        super().__init__(columns, name, accessible, parent, stretch=len(columns) - 1)
        self.kind = kind
        self.decision_buttons: dict[str, QPushButton] = {}
        for status, label in DECISIONS[kind]:
            text = words.DECISION_BUTTONS.get(status, f"{label}…")
            made = button(
                text,
                f"decide_{status}",
                self,
                f"{words.plain_label(text)}: the chosen request; a dialog asks for a note first.",
            )
            made.clicked.connect(lambda _checked=False, s=status: self._decide(s))
            self.bar.addWidget(made)
            self.decision_buttons[status] = made
        self.finish([], list(self.decision_buttons.values()), EMPTY[kind])

    def show(self, page: Page[WorkRequest] | None = None) -> None:
        """A page of requests; without one, QWidget.show()."""
        if page is None:
            super().show()
        else:
            self.show_items(page, NAMES[self.kind][1].lower())

    # -- WorklistTab ----------------------------------------------------------------------

    def _key(self, item: WorkRequest) -> str:
        return item.id

    def _cp_id(self, item: WorkRequest) -> str | None:
        return item.cp_id

    def _cells(self, item: WorkRequest) -> list[str]:
        return [
            item.reference,
            words.cp_id(item.cp_id),
            words.moment(item.created_at),
            words.code(words.REQUEST_STATUSES, item.status),
            words.moment(item.decided_at),
            words.person(item.requester),
            words.one_line(request_text(item)),
        ]

    def _detail(self, item: WorkRequest) -> str:
        asked = "Message" if item.kind == "contact" else "Reason and note"
        lines = [
            f"{item.reference}, received {words.moment(item.created_at)}"
            f" from {words.person(item.requester)}",
            f"{asked}: {request_text(item) or words.NONE}",
        ]
        if not item.open:
            status = words.code(words.REQUEST_STATUSES, item.status)
            lines.append(
                f"{status} by {words.person(item.decided_by)}, {words.moment(item.decided_at)}"
            )
        if item.decision_note:
            lines.append(f"Team's note: {item.decision_note}")
        return "\n".join(lines)

    def _refresh_actions(self, item: WorkRequest | None) -> None:
        for made in self.decision_buttons.values():
            made.setVisible(item is not None and item.open)

    # -- internals ------------------------------------------------------------------------

    def _decide(self, status: str) -> None:
        item = self.current_item()
        if item is not None and item.open:
            self.act.emit(item, status)
