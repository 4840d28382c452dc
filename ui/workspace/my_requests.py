"""My requests: a practitioner's own contact and shield requests, and what became of them.

The directory sends a requester status and decision time only, never who decided, the
team's note or anything hidden about the child (DESIGN.md 3.6.1), so that is all there is
to show. Refresh asks again (`refresh_wanted`); the flow calls `show(contact, shield)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QVBoxLayout, QWidget

from desktop import Page, WorkRequest
from ui.action_dialog import chain_tab_order, heading_label
from ui.readonly import lock_down
from ui.static_label import StaticLabel
from ui.training_banner import mark_training
from ui.workspace import words
from ui.workspace.item_table import ItemTable
from ui.workspace.worklist_tab import button, page_summary

TITLE = "ContactPoint — My requests"
COLUMNS = ("Reference", "ContactPoint ID", "Sent", "Status", "Decided")
EMPTY = {
    "contact": "You have sent no contact requests.",
    "shield": "You have sent no shield requests.",
}
STATUSES: dict[str, str] = {
    **words.REQUEST_STATUSES,
    "open": "Open: waiting for the management team",
}


def cells(item: WorkRequest) -> list[str]:
    return [
        item.reference,
        words.cp_id(item.cp_id),
        words.moment(item.created_at),
        words.code(STATUSES, item.status),
        words.moment(item.decided_at),
    ]


class MyRequestsDialog(QDialog):
    refresh_wanted = Signal()

    def __init__(self, parent: QWidget | None = None, *, training: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("my_requests")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("My requests", self))
        layout.addWidget(
            StaticLabel(
                "The management team of each child's local authority decides. You see the "
                "outcome; the team's notes and anything hidden about the child stay with them.",
                self,
            )
        )
        self.tables: dict[str, ItemTable] = {}
        self.summaries: dict[str, StaticLabel] = {}
        for kind, heading in (("contact", "Contact requests"), ("shield", "Shield requests")):
            layout.addWidget(heading_label(heading, self))
            summary = StaticLabel("", self)
            summary.setObjectName(f"{kind}_summary")
            summary.setAccessibleName(f"{heading}: list status")
            layout.addWidget(summary)
            table = ItemTable(COLUMNS, f"my_{kind}_requests", self, stretch=COLUMNS.index("Status"))
            table.setAccessibleName(f"My {heading.lower()}")
            table.setAccessibleDescription(
                f"The {heading.lower()} you made, newest first, with the team's decision."
            )
            layout.addWidget(table, 1)
            self.tables[kind] = table
            self.summaries[kind] = summary
        self.refresh_button = button(
            "Re&fresh", "refresh", self, "Asks the directory for your requests again."
        )
        self.refresh_button.clicked.connect(self.refresh_wanted)
        self.close_button = button("&Close", "close", self, "Closes your requests.")
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        row.addWidget(buttons)
        layout.addLayout(row)
        mark_training(self, training)
        chain_tab_order(
            [self.tables["contact"], self.tables["shield"], self.refresh_button, self.close_button]
        )
        lock_down(self)
        self.clear()

    def show(
        self,
        contact_page: Page[WorkRequest] | None = None,
        shield_page: Page[WorkRequest] | None = None,
    ) -> None:
        """Both lists; without them, QDialog.show()."""
        if contact_page is None and shield_page is None:
            super().show()
            return
        for kind, page in (("contact", contact_page), ("shield", shield_page)):
            if page is None:
                continue
            self.summaries[kind].setText(page_summary(page, f"{kind} requests", EMPTY[kind]))
            self.tables[kind].set_rows([r.id for r in page.items], [cells(r) for r in page.items])

    def clear(self) -> None:
        for kind, table in self.tables.items():
            table.set_rows([], [])
            self.summaries[kind].setText("Loading…")
