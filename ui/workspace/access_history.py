"""Who has looked at a child (GET /v1/children/{cp_id}/access-history), for the team.

Newest first, a page at a time: when, who, their organisation, what they did (viewed the
record, found the child in a search, overrode the shield...), at what level, and the
override reason. Previous and Next ask for another page (`page_wanted(number)`); the flow
fetches it and calls `show(page)`. The title names no child: the ContactPoint ID is in the
dialog, where the team needs it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QVBoxLayout, QWidget

from desktop import AccessEntry, Page, wording
from ui.action_dialog import chain_tab_order, heading_label
from ui.readonly import lock_down
from ui.static_label import StaticLabel
from ui.training_banner import mark_training
from ui.workspace import words
from ui.workspace.item_table import ItemTable
from ui.workspace.worklist_tab import button, page_summary

TITLE = "ContactPoint — Access history"
COLUMNS = ("When", "User", "Organisation", "What", "Level", "Override reason")
EMPTY = "Nobody has viewed this child or found them in a search."


def cells(entry: AccessEntry) -> list[str]:
    return [
        words.moment(entry.at),
        entry.user,
        words.person(entry.organisation),
        words.code(words.ACCESS_ACTIONS, entry.action),
        words.code(words.LEVELS, entry.level),
        words.NONE if entry.override_reason is None else wording.readable(entry.override_reason),
    ]


class AccessHistoryDialog(QDialog):
    page_wanted = Signal(int)  # the page number to fetch

    def __init__(
        self, cp_id: str, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        super().__init__(parent)
        self.cp_id = cp_id
        self._page: Page[AccessEntry] | None = None
        self.setWindowTitle(TITLE)
        self.setObjectName("access_history")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(1180, 520)  # every column, the override reason included, without scrolling
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(f"Access history of ContactPoint ID {words.cp_id(cp_id)}"))
        self.summary = StaticLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setAccessibleName("List status")
        layout.addWidget(self.summary)
        self.table = ItemTable(COLUMNS, "access_table", self)
        self.table.setAccessibleName("Who looked at the child, newest first")
        self.table.setAccessibleDescription(
            "One row a view of the record: when, who, their organisation, and any override."
        )
        layout.addWidget(self.table, 1)
        self.previous_button = button(
            "&Previous page", "previous_page", self, "Shows the newer views before these."
        )
        self.next_button = button("&Next page", "next_page", self, "Shows older views.")
        self.previous_button.clicked.connect(lambda: self._turn(-1))
        self.next_button.clicked.connect(lambda: self._turn(1))
        self.close_button = button("&Close", "close", self, "Closes the access history.")
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        row.addWidget(buttons)
        layout.addLayout(row)
        mark_training(self, training)
        chain_tab_order([self.table, self.previous_button, self.next_button, self.close_button])
        lock_down(self)
        self.clear()

    def show(self, page: Page[AccessEntry] | None = None) -> None:
        """A page of the history; without one, QDialog.show()."""
        if page is None:
            super().show()
            return
        self._page = page
        self.summary.setText(page_summary(page, "accesses", EMPTY))
        # The entries have no id of their own: the row number is theirs within the page.
        self.table.set_rows(
            [str(i) for i in range(len(page.items))], [cells(e) for e in page.items]
        )
        self.table.setVisible(bool(page.items))
        self.previous_button.setEnabled(page.page > 1)
        self.next_button.setEnabled(page.more)

    def clear(self) -> None:
        self._page = None
        self.table.set_rows([], [])
        self.summary.setText("Loading…")
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)

    def _turn(self, step: int) -> None:
        if self._page is not None:
            self.page_wanted.emit(self._page.page + step)

    def entries(self) -> tuple[AccessEntry, ...]:
        return () if self._page is None else self._page.items
