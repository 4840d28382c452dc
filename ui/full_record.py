"""A whole record (standard, override or management level), arranged for a quick phone call.

Read top to bottom in the order a practitioner needs it: who the child is; who to contact
(the lead professional, then the responsible authority's management team, office hours and
out of hours); every involvement; then where the child lives and with whom, the school and
the GP. The management team also sees the shield's details. A section the directory did not
send is not drawn at all, and an empty one says so in words rather than being left blank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
from ui.child_identity import ChildIdentity
from ui.involvement_list import InvolvementList, caf_dates
from ui.readonly import lock_down
from ui.record_text import Tone, badge, caption, heading, plain, scaled

_SECTION_STYLE = (
    "QFrame#section { background: palette(base); border: 1px solid #c8c8c8; border-radius: 4px; }"
)
_CONTACT_STYLE = (
    "QFrame#section { background: #eef4fb; border: 2px solid #0b4f8a; border-radius: 4px; }"
)


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
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(
            ChildIdentity(record, today, self, marks=_marks(record), extra=_extra(record))
        )

        if record.shield is not None:
            # The shield is why the management team sees this level: its review date first.
            layout.addWidget(_shield(record.shield, self))
        involvements = record.involvements or ()
        layout.addWidget(_who_to_contact(involvements, record.responsible_authority, self))

        own = viewer.organisation if viewer.records_involvements else None
        self.involvement_list: InvolvementList | None = None
        if record.involvements is not None:
            self.involvement_list = InvolvementList(record.involvements, own, self)
            self.involvement_list.cease_requested.connect(self.cease_requested)
            active = sum(1 for i in record.involvements if i.active)
            ceased = len(record.involvements) - active
            title = f"Involvements ({active} active, {ceased} ceased)"
            layout.addWidget(_section(title, [self.involvement_list], self, name="involvements"))

        columns = QHBoxLayout()
        columns.setSpacing(12)
        left, right = QVBoxLayout(), QVBoxLayout()
        if record.address is not None:
            left.addWidget(_address(record.address, self))
        if record.carers is not None:
            left.addWidget(_carers(record.carers, self))
        # A full view leaves out only what the record does not hold (the projection hides
        # no section from these levels), so a missing school or GP is "none recorded".
        right.addWidget(_school(record.school, record.school_start_date, self))
        right.addWidget(_gp(record.gp, self))
        for column in (left, right):
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        lock_down(self)

    def buttons(self) -> list[QPushButton]:
        """The record's own buttons (Mark ceased…) in tab order."""
        return [] if self.involvement_list is None else list(self.involvement_list.cease_buttons)


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


def _section(
    title: str, parts: Sequence[QWidget], parent: QWidget, *, name: str, style: str = ""
) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("section")
    frame.setStyleSheet(style or _SECTION_STYLE)
    frame.setAccessibleName(title)
    layout = QVBoxLayout(frame)
    layout.setSpacing(4)
    layout.addWidget(heading(title, frame, name=f"{name}_heading"))
    for part in parts:
        part.setParent(frame)
        layout.addWidget(part)
    return frame


def _lines(parent: QWidget, *texts: str | None, name: str = "") -> list[QWidget]:
    return [plain(t, parent, name=name) for t in texts if t]


def _who_to_contact(
    involvements: Sequence[Involvement], authority: Authority | None, parent: QWidget
) -> QFrame:
    parts: list[QWidget] = []
    leads = [i for i in involvements if i.active and i.lead_professional]
    for lead in leads:
        parts.append(_lead(lead, parent))
    if not leads:
        parts.append(plain("No lead professional is recorded.", parent, name="no_lead"))
    if authority is not None:
        parts.append(_management_team(authority, parent))
    return _section("Who to contact", parts, parent, name="contact", style=_CONTACT_STYLE)


def _lead(lead: Involvement, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    box.setObjectName("lead_professional")
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 2, 0, 2)
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    grid.addWidget(badge("LEAD PROFESSIONAL", Tone.LEAD, box, name="mark"), 0, 0, top_left)
    who = ", ".join(p for p in (lead.practitioner_name, lead.practitioner_role) if p)
    grid.addWidget(scaled(plain(f"{who} — {lead.organisation.name}", box), 1.1, bold=True), 0, 1)
    reach = "   ".join(p for p in (lead.phone, lead.email) if p)
    grid.addWidget(scaled(plain(reach, box, name="lead_phone"), 1.1), 1, 1)
    if lead.caf:
        grid.addWidget(badge("CAF", Tone.CAF, box, name="mark"), 2, 0, top_left)
        grid.addWidget(plain(caf_dates(lead), box), 2, 1)
    grid.setColumnStretch(1, 1)
    return box


def _management_team(authority: Authority, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    box.setObjectName("management_team")
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 6, 0, 0)
    title = f"{authority.name} ContactPoint management team ({authority.code})"
    grid.addWidget(plain(title, box), 0, 0, 1, 2)
    grid.addWidget(caption("Office hours", box), 1, 0)
    grid.addWidget(scaled(plain(authority.office_hours_phone, box, name="office_hours"), 1.1), 1, 1)
    grid.addWidget(caption("Out of hours", box), 2, 0)
    grid.addWidget(scaled(plain(authority.out_of_hours_phone, box, name="out_of_hours"), 1.1), 2, 1)
    grid.setColumnStretch(1, 1)
    return box


def _address(address: Address, parent: QWidget) -> QFrame:
    state = wording.address_state(address.state, address.left_england_intent)
    state_label = scaled(plain(state, parent, name="address_state"), 1.05, bold=True)
    parts: list[QWidget] = [state_label]
    parts += _lines(parent, address.line1, address.line2, address.town, address.postcode)
    return _section("Address", parts, parent, name="address")


def _carers(carers: Sequence[Carer], parent: QWidget) -> QFrame:
    parts: list[QWidget] = []
    for carer in carers:
        parts.append(_carer(carer, parent))
    if not carers:
        parts.append(plain("No parents or carers are recorded.", parent))
    return _section("Parents and carers", parts, parent, name="carers")


def _carer(carer: Carer, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    box.setObjectName("carer")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 2, 0, 6)
    layout.setSpacing(1)
    name = plain(wording.person(carer.family_name, carer.given_name), box)
    layout.addWidget(scaled(name, 1.0, bold=True))
    responsibility = (
        "Parental responsibility" if carer.parental_responsibility else "No parental responsibility"
    )
    layout.addWidget(plain(f"{wording.readable(carer.relationship)} · {responsibility}", box))
    where = ", ".join(p for p in (carer.address_line1, carer.town, carer.postcode) if p)
    for part in _lines(box, carer.phone, carer.email, where):
        layout.addWidget(part)
    return box


def _organisation(organisation: Organisation, parent: QWidget, *lead: str) -> list[QWidget]:
    name = scaled(plain(organisation.name, parent), 1.0, bold=True)
    where = ", ".join(p for p in (organisation.address, organisation.postcode) if p)
    return [name, *_lines(parent, *lead, organisation.phone, organisation.email, where)]


def _school(school: Organisation | None, started: dt.date | None, parent: QWidget) -> QFrame:
    if school is None:
        parts: list[QWidget] = [plain("No educational setting is recorded.", parent)]
    else:
        since = None if started is None else f"Started {wording.date(started)}"
        parts = _organisation(school, parent, *([since] if since else []))
    return _section("Educational setting", parts, parent, name="school")


def _gp(gp: Organisation | None, parent: QWidget) -> QFrame:
    parts = (
        [plain("No GP practice is recorded.", parent)] if gp is None else _organisation(gp, parent)
    )
    return _section("GP practice", parts, parent, name="gp")


def _shield(shield: Shield, parent: QWidget) -> QFrame:
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    for row, (title, value) in enumerate(wording.shield_facts(shield)):
        grid.addWidget(caption(title, box), row, 0)
        grid.addWidget(plain(value, box), row, 1)
    grid.setColumnStretch(1, 1)
    return _section("Shield", [box], parent, name="shield")
