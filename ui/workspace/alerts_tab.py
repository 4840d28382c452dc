"""The Alerts tab: overrides and unusual numbers of views, oldest first, for the team to work.

Each alert shows how long it has waited and, past the team's target, "Overdue" in words
(the colour only helps: a word survives colour blindness and a greyscale screenshot). The
status filter asks for another list (`filter_changed`); the buttons offer only the steps
desktop.ALERT_STEPS allows from the alert's status, and `act(alert, next_status)` asks for
one. A volume alert names no child, so it has no record to open.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from contract.codes import AlertStatus
from desktop import ALERT_STEPS, Alert, Page
from ui.workspace import words
from ui.workspace.worklist_tab import WorklistTab, button

COLUMNS = (
    "Reference",
    "Kind",
    "Reason",
    "ContactPoint ID",
    "Raised",
    "Age",
    "Target",
    "Status",
    "Outcome",
)
_TARGET = COLUMNS.index("Target")
FILTERS: tuple[tuple[str, AlertStatus | None], ...] = (
    ("All", None),
    ("Open", AlertStatus.OPEN),
    ("Acknowledged", AlertStatus.ACKNOWLEDGED),
    ("Escalated", AlertStatus.ESCALATED),
    ("Closed", AlertStatus.CLOSED),
)
EMPTY = "No alerts to show."


def _target(item: Alert) -> str:
    return words.OVERDUE if item.past_target else "Within target"


class AlertsTab(WorklistTab[Alert]):
    filter_changed = Signal(object)  # AlertStatus, or None for all
    act = Signal(object, object)  # (Alert, AlertStatus: the next status)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, "alerts_tab", "Alerts", parent, stretch=COLUMNS.index("Reason"))
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName("Show alerts with the status")
        self.status_filter.setAccessibleDescription("Which alerts the list shows.")
        for label, _status in FILTERS:
            self.status_filter.addItem(label)
        self.status_filter.currentIndexChanged.connect(self._filter_chosen)
        caption = QLabel("S&tatus:", self)
        caption.setBuddy(self.status_filter)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.status_filter)
        row.addStretch(1)
        self._layout.insertLayout(0, row)
        self.step_buttons: dict[AlertStatus, QPushButton] = {}
        for status, text in words.ALERT_STEP_BUTTONS.items():
            made = button(
                text,
                f"step_{status}",
                self,
                f"{words.plain_label(text)}: the chosen alert; a dialog asks for a note first.",
            )
            made.clicked.connect(lambda _checked=False, s=status: self._step(AlertStatus(s)))
            self.bar.addWidget(made)
            self.step_buttons[AlertStatus(status)] = made
        self.finish([self.status_filter], list(self.step_buttons.values()), EMPTY)

    def show(self, page: Page[Alert] | None = None) -> None:
        """A page of alerts, staying on the alert that was current if it is still there.

        Without a page this is QWidget.show(), which Qt's own callers still expect.
        """
        if page is None:
            super().show()
        else:
            self.show_items(page, "alerts")

    def set_filter(self, status: AlertStatus | None) -> None:
        """Show `status` as the filter without asking for a list (the flow already has it)."""
        index = next(i for i, (_label, shown) in enumerate(FILTERS) if shown == status)
        blocked = self.status_filter.blockSignals(True)
        try:
            self.status_filter.setCurrentIndex(index)
        finally:
            self.status_filter.blockSignals(blocked)

    def status(self) -> AlertStatus | None:
        # By position: Qt hands a StrEnum back from item data as a plain str.
        index = self.status_filter.currentIndex()
        return FILTERS[index][1] if 0 <= index < len(FILTERS) else None

    # -- WorklistTab ----------------------------------------------------------------------

    def _key(self, item: Alert) -> str:
        return item.id

    def _cp_id(self, item: Alert) -> str | None:
        return item.cp_id

    def _cells(self, item: Alert) -> list[str]:
        return [
            item.reference,
            words.code(words.ALERT_KINDS, item.kind),
            item.reason_label,
            words.cp_id(item.cp_id) if item.cp_id else "None: names no child",
            words.moment(item.created_at),
            words.age(item.age_seconds),
            _target(item),
            words.code(words.ALERT_STATUSES, item.status),
            words.code(words.OUTCOMES, item.outcome),
        ]

    def _spoken(self, item: Alert) -> dict[int, str]:
        return {_TARGET: f"{_target(item)}: open {words.age(item.age_seconds)}"}

    def _marked(self, item: Alert) -> set[int]:
        return {_TARGET} if item.past_target else set()

    def _detail(self, item: Alert) -> str:
        lines = [
            f"{item.reference}: {words.code(words.ALERT_KINDS, item.kind)} by {item.user_id}",
            f"Reason: {item.reason_label}",
            f"Raised {words.moment(item.created_at)}, open {words.age(item.age_seconds)}"
            + (" — OVERDUE against the team's target" if item.past_target else ""),
        ]
        if item.handled_by:
            lines.append(f"Last handled by {item.handled_by}, {words.moment(item.handled_at)}")
        if item.outcome:
            lines.append(f"Outcome: {words.code(words.OUTCOMES, item.outcome)}")
        if item.note:
            lines.append(f"Note: {item.note}")
        return "\n".join(lines)

    def _refresh_actions(self, item: Alert | None) -> None:
        allowed = () if item is None else ALERT_STEPS.get(item.status, ())
        for status, made in self.step_buttons.items():
            made.setVisible(status in allowed)

    # -- internals ------------------------------------------------------------------------

    def _filter_chosen(self, _index: int) -> None:
        self.filter_changed.emit(self.status())

    def _step(self, status: AlertStatus) -> None:
        item = self.current_item()
        if item is not None and status in ALERT_STEPS.get(item.status, ()):
            self.act.emit(item, status)
