"""Every involvement with a child, as rows: who, how to reach them, since when, and the marks.

The point of ContactPoint is "who else is working with this child, and how do I reach
them", so active involvements come first, the lead professional at the top, and ceased ones
last, greyed and marked CEASED in words. LEAD PROFESSIONAL, CAF (with its dates) and
SENSITIVE SERVICE (with its consent basis) are words in badges, never colour alone.

A grid of labels rather than an item view: rows wrap long names and hold a "Mark ceased…"
button, and labels cannot be selected or copied (ui.readonly). The button is offered only
on an active involvement of the viewer's own organisation, which is all the directory lets
a practitioner cease.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import Involvement, wording
from ui.record_text import Tone, badge, caption, plain

COLUMNS = ("Service and practitioner", "Contact", "Dates", "Indicators", "")
_CEASED_INK = "color: #5f5f5f;"


def ordered(involvements: Sequence[Involvement]) -> list[Involvement]:
    """Active before ceased; within the active, lead professionals first; else as sent."""
    return sorted(involvements, key=lambda i: (not i.active, not i.lead_professional))


class InvolvementList(QWidget):
    cease_requested = Signal(str)  # involvement id (its handle)

    def __init__(
        self,
        involvements: Sequence[Involvement],
        own_organisation: str | None,
        parent: QWidget | None = None,
    ) -> None:
        """`own_organisation` is the viewer's organisation if they may cease involvements."""
        super().__init__(parent)
        self.setObjectName("involvements")
        self.setAccessibleName("Involvements")
        self.cease_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if not involvements:
            layout.addWidget(plain("No involvements are recorded.", self, name="none"))
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for column, title in enumerate(COLUMNS):
            grid.addWidget(caption(title, self), 0, column)
        row = 1
        for item in ordered(involvements):
            grid.addWidget(_rule(self), row, 0, 1, len(COLUMNS))
            ours = own_organisation is not None and item.organisation.name == own_organisation
            self._add_row(grid, row + 1, item, offer_cease=ours and item.active)
            row += 2
        for column, stretch in enumerate((4, 3, 2, 3, 0)):
            grid.setColumnStretch(column, stretch)
        layout.addLayout(grid)

    def _add_row(self, grid: QGridLayout, row: int, item: Involvement, offer_cease: bool) -> None:
        cells = (_who(item, self), _contact(item, self), _dates(item, self), _marks(item, self))
        for column, cell in enumerate(cells):
            if not item.active:
                for label in cell.findChildren(QLabel):
                    if label.objectName() != "mark":
                        label.setStyleSheet(_CEASED_INK)
            grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        if offer_cease:
            button = QPushButton("Mark &ceased…", self)
            button.setObjectName(f"cease_{item.id}")
            button.setAccessibleName(
                f"Mark ceased: {item.practitioner_role}, {item.organisation.name}"
            )
            button.clicked.connect(lambda _=False, i=item.id: self.cease_requested.emit(i))
            grid.addWidget(button, row, len(COLUMNS) - 1, Qt.AlignmentFlag.AlignTop)
            self.cease_buttons.append(button)


def _rule(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _cell(parent: QWidget, name: str) -> tuple[QWidget, QVBoxLayout]:
    cell = QWidget(parent)
    cell.setObjectName(name)
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    return cell, layout


def _who(item: Involvement, parent: QWidget) -> QWidget:
    cell, layout = _cell(parent, "who")
    organisation = plain(item.organisation.name, cell)
    font = organisation.font()
    font.setBold(True)
    organisation.setFont(font)
    layout.addWidget(organisation)
    person = " — ".join(p for p in (item.practitioner_name, item.practitioner_role) if p)
    layout.addWidget(plain(person, cell))
    return cell


def _contact(item: Involvement, parent: QWidget) -> QWidget:
    cell, layout = _cell(parent, "contact")
    layout.addWidget(plain(item.phone, cell, name="phone"))
    if item.email:
        layout.addWidget(plain(item.email, cell, name="email"))
    if item.organisation.phone and item.organisation.phone != item.phone:
        layout.addWidget(plain(f"Service: {item.organisation.phone}", cell))
    return cell


def _dates(item: Involvement, parent: QWidget) -> QWidget:
    cell, layout = _cell(parent, "dates")
    layout.addWidget(plain(f"Started {wording.date(item.start_date)}", cell))
    if item.ceased_date is not None:
        layout.addWidget(plain(f"Ceased {wording.date(item.ceased_date)}", cell))
    return cell


def _marks(item: Involvement, parent: QWidget) -> QWidget:
    cell, layout = _cell(parent, "indicators")

    def mark(text: str, tone: Tone) -> None:
        # A ceased involvement's marks are history: quiet, so that they do not compete
        # with the involvements that are still active.
        shown = tone if item.active else Tone.QUIET
        layout.addWidget(badge(text, shown, cell, name="mark"), 0, Qt.AlignmentFlag.AlignLeft)

    if not item.active:
        mark("CEASED", Tone.QUIET)
    if item.lead_professional:
        mark("LEAD PROFESSIONAL" if item.active else "WAS LEAD PROFESSIONAL", Tone.LEAD)
    if item.caf:
        mark("CAF", Tone.CAF)
        layout.addWidget(plain(caf_dates(item), cell, name="caf_dates"))
    if item.sensitive_category is not None:
        category = wording.label(wording.SENSITIVE_CATEGORIES, item.sensitive_category)
        mark(f"SENSITIVE SERVICE: {category.upper()}", Tone.SENSITIVE)
        if item.consent_basis:
            basis = wording.label(wording.CONSENT_BASES, item.consent_basis)
            layout.addWidget(plain(f"Consent basis: {basis}", cell, name="consent"))
    layout.addStretch(1)
    return cell


def caf_dates(item: Involvement) -> str:
    """The CAF's dates: "CAF started 10 Feb 2025, completed 1 Apr 2025" or "not completed"."""
    started = "start date not recorded"
    if item.caf_started is not None:
        started = f"started {wording.date(item.caf_started)}"
    completed = "not completed"
    if item.caf_completed is not None:
        completed = f"completed {wording.date(item.caf_completed)}"
    return f"CAF {started}, {completed}"
