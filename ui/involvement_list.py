"""Every involvement with a child, as rows: who, how to reach them, since when, and the marks.

The point of ContactPoint is "who else is working with this child, and how do I reach
them", so active involvements come first, the lead professional at the top, and ceased ones
last, greyed and marked CEASED in words. LEAD PROFESSIONAL, CAF (with its dates) and
SENSITIVE SERVICE (with its consent basis) are words in badges, never colour alone.

One label a row (ui.record_text.Rich): the service and its marks, the practitioner, how to
reach them, the dates, rather than a grid of a label a line: a record with many
involvements used to be a hundred widgets built on the GUI thread. Each row is reached by
Tab and read out as "Involvement 2 of 3" with its words, then its "Mark ceased…" button,
which is offered only on an active involvement of the viewer's own organisation (all the
directory lets a practitioner cease).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from desktop import Involvement, wording
from ui.record_text import CEASED_INK, Rich, Tone, heading, rich_label


def ordered(involvements: Sequence[Involvement]) -> list[Involvement]:
    """Active before ceased; within the active, lead professionals first; else as sent."""
    return sorted(involvements, key=lambda i: (not i.active, not i.lead_professional))


def involvements_title(involvements: Sequence[Involvement]) -> str:
    active = sum(1 for i in involvements if i.active)
    return f"Involvements ({active} active, {len(involvements) - active} ceased)"


class InvolvementList(QFrame):
    cease_requested = Signal(str)  # involvement id (its handle)

    def __init__(
        self,
        involvements: Sequence[Involvement],
        own_organisation: str | None,
        parent: QWidget | None = None,
    ) -> None:
        """`own_organisation` is the viewer's organisation if they may cease involvements."""
        super().__init__(parent)
        title = involvements_title(involvements)
        self.setObjectName("section")
        self.setAccessibleName(title)
        self.cease_buttons: list[QPushButton] = []
        self._reading: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(heading(title, self, name="involvements_heading"))
        if not involvements:
            none = Rich().line("No involvements are recorded.")
            self._add(layout, rich_label(none, self, name="involvement", title=title))
            return
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(6)
        rows = ordered(involvements)
        for row, item in enumerate(rows):
            name = f"Involvement {row + 1} of {len(rows)}"
            label = rich_label(_row(item), self, name="involvement", title=name)
            grid.addWidget(label, row, 0)
            self._reading.append(label)
            ours = own_organisation is not None and item.organisation.name == own_organisation
            if ours and item.active:
                button = self._cease_button(item)
                grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
                self._reading.append(button)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)

    def _add(self, layout: QVBoxLayout, widget: QWidget) -> None:
        layout.addWidget(widget)
        self._reading.append(widget)

    def _cease_button(self, item: Involvement) -> QPushButton:
        button = QPushButton("Mark &ceased…", self)
        button.setObjectName(f"cease_{item.id}")
        button.setAccessibleName(f"Mark ceased: {item.practitioner_role}, {item.organisation.name}")
        button.clicked.connect(lambda _=False, i=item.id: self.cease_requested.emit(i))
        self.cease_buttons.append(button)
        return button

    def reading_order(self) -> list[QWidget]:
        """The rows and their buttons, top to bottom."""
        return list(self._reading)


def _row(item: Involvement) -> Rich:
    """Who (and the marks, beside the service's name), how to reach them, since when."""
    block = Rich(ink=None if item.active else CEASED_INK)
    block.line(item.organisation.name, bold=True, marks=_marks(item))
    block.line(" — ".join(p for p in (item.practitioner_name, item.practitioner_role) if p))
    reach = [item.phone, item.email]
    if item.organisation.phone and item.organisation.phone != item.phone:
        reach.append(f"Service: {item.organisation.phone}")
    block.line(" · ".join(p for p in reach if p))
    dates = [f"Started {wording.date(item.start_date)}"]
    if item.ceased_date is not None:
        dates.append(f"Ceased {wording.date(item.ceased_date)}")
    block.line(" · ".join(dates))
    if item.caf:
        block.line(caf_dates(item), scale=0.9)
    if item.sensitive_category is not None and item.consent_basis:
        basis = wording.label(wording.CONSENT_BASES, item.consent_basis)
        block.line(f"Consent basis: {basis}", scale=0.9)
    return block


def _marks(item: Involvement) -> list[tuple[str, Tone]]:
    marks = [] if item.active else [("CEASED", Tone.QUIET)]
    if item.lead_professional:
        lead = "LEAD PROFESSIONAL" if item.active else "WAS LEAD PROFESSIONAL"
        marks.append((lead, Tone.LEAD))
    if item.caf:
        marks.append(("CAF", Tone.CAF))
    if item.sensitive_category is not None:
        category = wording.label(wording.SENSITIVE_CATEGORIES, item.sensitive_category)
        marks.append((f"SENSITIVE SERVICE: {category.upper()}", Tone.SENSITIVE))
    # A ceased involvement's marks are history: quiet, so that they do not compete with
    # the involvements that are still active.
    return [(text, tone if item.active else Tone.QUIET) for text, tone in marks]


def caf_dates(item: Involvement) -> str:
    """The CAF's dates: "CAF started 10 Feb 2025, completed 1 Apr 2025" or "not completed"."""
    started = "start date not recorded"
    if item.caf_started is not None:
        started = f"started {wording.date(item.caf_started)}"
    completed = "not completed"
    if item.caf_completed is not None:
        completed = f"completed {wording.date(item.caf_completed)}"
    return f"CAF {started}, {completed}"
