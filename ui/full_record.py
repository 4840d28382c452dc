"""A whole record (standard, override or management level), arranged for a quick phone call.

Read top to bottom in the order a practitioner needs it: who the child is; who to contact
(the lead professional, then the responsible authority's management team, office hours and
out of hours); every involvement; then where the child lives and with whom, the school and
the GP. The management team also sees the shield's details. A section the directory did not
send is not drawn at all, and an empty one says so in words rather than being left blank.

Each section is one label (ui.record_text.Rich) named by its title and described by its
words, so that the record is a dozen widgets, not two hundred (issue 12), and a screen
reader reading it by Tab (`reading_order`) hears the sections in the order they are drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import (
    Address,
    Authority,
    Carer,
    Involvement,
    Organisation,
    RecordModel,
    Shield,
    SignedInUser,
    wording,
)
from ui.child_identity import child_identity
from ui.involvement_list import InvolvementList, caf_dates
from ui.readonly import lock_down
from ui.record_text import SECTION_STYLE, Rich, Tone, rich_label

CONTACT_TITLE = "Who to contact"
NO_LEAD_TEXT = "No lead professional is recorded."


class FullRecord(QWidget):
    cease_requested = Signal(str)  # involvement id (its handle)

    def __init__(
        self,
        record: RecordModel,
        viewer: SignedInUser,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("full_record")
        self.setAccessibleName("Record")
        self.setStyleSheet(SECTION_STYLE)
        self._reading: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        identity = child_identity(record, today, self, marks=_marks(record), extra=_extra(record))
        self._add(layout, identity)
        if record.shield is not None:
            # The shield is why the management team sees this level: its review date first.
            self._add(layout, _section("Shield", _shield(record.shield), self))
        contact = _who_to_contact(record.involvements or (), record.responsible_authority)
        self._add(layout, _section(CONTACT_TITLE, contact, self, emphasis=True))
        # What a practitioner on the phone needs first is on show with the record; the rest
        # follows a block a turn (ui.record_reveal).
        self._later: list[QWidget] = []

        own = viewer.organisation if viewer.records_involvements else None
        self.involvement_list: InvolvementList | None = None
        if record.involvements is not None:
            self.involvement_list = InvolvementList(record.involvements, own, self)
            self.involvement_list.cease_requested.connect(self.cease_requested)
            layout.addWidget(self.involvement_list)
            self._later.append(self.involvement_list)
            self._reading += self.involvement_list.reading_order()

        left: list[QLabel] = []
        if record.address is not None:
            left.append(_section("Address", _address(record.address), self))
        if record.carers is not None:
            left.append(_section("Parents and carers", _carers(record.carers), self))
        # A full view leaves out only what the record does not hold (the projection hides
        # no section from these levels), so a missing school or GP is "none recorded".
        right = [
            _section("Educational setting", _school(record.school, record.school_start_date), self),
            _section("GP practice", _gp(record.gp), self),
        ]
        columns = QHBoxLayout()
        columns.setSpacing(12)
        for sections in (left, right):
            column = QVBoxLayout()
            for section in sections:
                self._add(column, section)
                self._later.append(section)
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        lock_down(self)

    def _add(self, layout: QVBoxLayout, widget: QWidget) -> None:
        layout.addWidget(widget)
        self._reading.append(widget)

    def buttons(self) -> list[QPushButton]:
        """The record's own buttons (Mark ceased…) in tab order."""
        return [] if self.involvement_list is None else list(self.involvement_list.cease_buttons)

    def later_blocks(self) -> list[QWidget]:
        """The blocks to show after the first ones, in reading order."""
        return list(self._later)

    def reading_order(self) -> list[QWidget]:
        """Every section, row and button, in the order they are read (the tab order)."""
        return list(self._reading)


def _section(title: str, body: Rich, parent: QWidget, *, emphasis: bool = False) -> QLabel:
    label = rich_label(Rich().heading(title).extend(body), parent, name="section", title=title)
    if emphasis:
        label.setProperty("emphasis", True)
    return label


def _marks(record: RecordModel) -> list[tuple[str, Tone]]:
    marks = []
    if record.shielded:
        marks.append(("SHIELDED", Tone.ALERT))
    if record.date_of_death is not None:
        marks.append((f"DIED {wording.date(record.date_of_death).upper()}", Tone.ALERT))
    if record.archived_on is not None:
        marks.append(("ARCHIVED", Tone.QUIET))
    return marks


def _extra(record: RecordModel) -> list[tuple[str, str]]:
    rows = []
    if record.date_of_death is not None:
        rows.append(("Date of death", wording.date(record.date_of_death)))
    for former in record.former_names or ():
        name = wording.person(former.family_name, former.given_name)
        if former.used_until is not None:
            name += f" (until {wording.date(former.used_until)})"
        rows.append(("Former name", name))
    if record.archived_on is not None:
        rows.append(("Archived on", wording.date(record.archived_on)))
    return rows


def _who_to_contact(involvements: Sequence[Involvement], authority: Authority | None) -> Rich:
    block = Rich()
    leads = [i for i in involvements if i.active and i.lead_professional]
    for lead in leads:
        who = ", ".join(p for p in (lead.practitioner_name, lead.practitioner_role) if p)
        block.line(
            f"{who} — {lead.organisation.name}",
            scale=1.1,
            bold=True,
            marks=[("LEAD PROFESSIONAL", Tone.LEAD)],
        )
        reach = "   ".join(p for p in (lead.phone, lead.email) if p)
        block.line(reach, scale=1.1, keep_spaces=True)
        if lead.caf:
            block.line(caf_dates(lead), marks=[("CAF", Tone.CAF)])
    if not leads:
        block.line(NO_LEAD_TEXT)
    if authority is not None:
        block.line(f"{authority.name} ContactPoint management team ({authority.code})")
        block.fields(
            [
                ("Office hours", authority.office_hours_phone),
                ("Out of hours", authority.out_of_hours_phone),
            ],
            scale=1.1,
        )
    return block


def _address(address: Address) -> Rich:
    state = wording.address_state(address.state, address.left_england_intent)
    block = Rich().line(state, scale=1.05, bold=True)
    for text in (address.line1, address.line2, address.town, address.postcode):
        block.line(text)
    return block


def _carers(carers: Sequence[Carer]) -> Rich:
    block = Rich()
    for carer in carers:
        block.line(wording.person(carer.family_name, carer.given_name), bold=True)
        responsibility = (
            "Parental responsibility"
            if carer.parental_responsibility
            else "No parental responsibility"
        )
        block.line(f"{wording.readable(carer.relationship)} · {responsibility}")
        where = ", ".join(p for p in (carer.address_line1, carer.town, carer.postcode) if p)
        for text in (carer.phone, carer.email, where):
            block.line(text)
        block.gap()
    if not carers:
        block.line("No parents or carers are recorded.")
    return block


def _organisation(organisation: Organisation, *lead: str) -> Rich:
    block = Rich().line(organisation.name, bold=True)
    where = ", ".join(p for p in (organisation.address, organisation.postcode) if p)
    for text in (*lead, organisation.phone, organisation.email, where):
        block.line(text)
    return block


def _school(school: Organisation | None, started: dt.date | None) -> Rich:
    if school is None:
        return Rich().line("No educational setting is recorded.")
    since = [] if started is None else [f"Started {wording.date(started)}"]
    return _organisation(school, *since)


def _gp(gp: Organisation | None) -> Rich:
    return Rich().line("No GP practice is recorded.") if gp is None else _organisation(gp)


def _shield(shield: Shield) -> Rich:
    return Rich().fields(wording.shield_facts(shield))
