"""The shield projection (DESIGN.md 3.3): the one place that decides what a viewer sees.

`project(record, viewer, today)` is pure. Every response about a child, including each
search match, is built from its output and never from a stored row, so a field a viewer may
not see cannot reach them by another route. Sections the viewer may not see are None (or
absent from lists) — never redacted placeholders, which would confirm that something exists.

    record state            viewer                                    level
    archived, < 1 year      management of the responsible authority   MANAGEMENT
    archived, otherwise     anyone                                    (not visible)
    shielded                management of the responsible authority   MANAGEMENT
    shielded                override right, this record, this request OVERRIDE
    shielded                anyone else who reads children            SHIELDED: 4 fields
    not shielded            management of the responsible authority   MANAGEMENT
    not shielded            anyone else who reads children            STANDARD
    any                     helpdesk, administrator only              (not visible)

Sensitive involvements are seen only by the responsible authority's management team and by
the organisation that provides the service; for anyone else they are simply not there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from contract.levels import Level
from directory.anniversaries import (
    ADULT_AGE,
    ARCHIVE_VISIBLE_YEARS,
    DECEASED_KEPT_YEARS,
    years_after,
)
from directory.records import (
    Authority,
    Carer,
    FormerName,
    Involvement,
    Organisation,
    Shield,
    StoredRecord,
)
from directory.viewer import Role, Viewer

BROKER_CONTACT = (
    "This child's details are shielded. To contact the practitioners working with this "
    "child, ask the ContactPoint management team to broker contact: use 'Ask for contact' "
    "and they will pass your details on."
)

# Search criteria that any viewer who can see a record at all can match against.
ALWAYS_SEARCHABLE = frozenset(
    {"cp_id", "family_name", "given_name", "date_of_birth", "year_of_birth", "gender"}
)


@dataclass(frozen=True, slots=True)
class Address:
    line1: str | None
    line2: str | None
    town: str | None
    postcode: str | None
    state: str
    left_england_intent: str | None


@dataclass(frozen=True, slots=True)
class ChildView:
    level: Level
    cp_id: str
    family_name: str
    given_name: str
    date_of_birth: dt.date
    gender: str
    shielded: bool
    # May the client keep this view in its encrypted cache? Never for override or
    # management views (DESIGN.md 4).
    cacheable: bool
    broker_contact: str | None = None
    middle_names: str | None = None
    former_names: tuple[FormerName, ...] | None = None
    address: Address | None = None
    date_of_death: dt.date | None = None
    responsible_authority: Authority | None = None
    school: Organisation | None = None
    school_start_date: dt.date | None = None
    gp: Organisation | None = None
    carers: tuple[Carer, ...] | None = None
    involvements: tuple[Involvement, ...] | None = None
    shield: Shield | None = None
    archived_on: dt.date | None = None

    def searchable_fields(self) -> frozenset[str]:
        """The search criteria this viewer may match this record on (DESIGN.md 3.4)."""
        fields = set(ALWAYS_SEARCHABLE)
        if self.address is not None:
            fields.add("postcode")
        if self.former_names is not None:
            fields.add("former_names")
        return frozenset(fields)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the sections the viewer may not see left out entirely."""
        return {k: _jsonable(v) for k, v in _fields(self).items() if v is not None}


def _fields(view: ChildView) -> dict[str, Any]:
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def archived_since(record: StoredRecord) -> dt.date:
    """When the record is (or will be) archived: at 18, or a year after death."""
    candidates = [years_after(record.date_of_birth, ADULT_AGE)]
    if record.date_of_death is not None:
        candidates.append(years_after(record.date_of_death, DECEASED_KEPT_YEARS))
    if record.archived_on is not None:
        candidates.append(record.archived_on)
    return min(candidates)


def project(record: StoredRecord, viewer: Viewer, today: dt.date) -> ChildView | None:
    """Exactly what `viewer` may see of `record` today, or None if they may not see it."""
    if not viewer.reads_children:
        return None
    authority = record.responsible_authority.code
    manages = viewer.manages(authority)
    archived = archived_since(record)
    if archived <= today:
        # Computed from the dates as well as archived_on, so a record is hidden on its
        # 18th birthday even if the nightly retention run has not happened yet.
        if manages and today < years_after(archived, ARCHIVE_VISIBLE_YEARS):
            return _full(record, viewer, Level.MANAGEMENT, archived_on=archived)
        return None
    if manages:
        return _full(record, viewer, Level.MANAGEMENT)
    if record.shield is not None:
        if viewer.overrides(record.cp_id):
            return _full(record, viewer, Level.OVERRIDE)
        return ChildView(
            level=Level.SHIELDED,
            cp_id=record.cp_id,
            family_name=record.family_name,
            given_name=record.given_name,
            date_of_birth=record.date_of_birth,
            gender=record.gender,
            shielded=True,
            cacheable=True,
            broker_contact=BROKER_CONTACT,
            shield=_shield_for(record, viewer),
        )
    return _full(record, viewer, Level.STANDARD)


def _shield_for(record: StoredRecord, viewer: Viewer) -> Shield | None:
    """Shield details (who, why, next review) are for the authority's shield officers."""
    officer = Role.SHIELD_OFFICER in viewer.roles
    if officer and viewer.local_authority == record.responsible_authority.code:
        return record.shield
    return None


def _sees_involvement(item: Involvement, viewer: Viewer, manages: bool) -> bool:
    if item.sensitive_category is None or manages:
        return True
    return viewer.organisation_id is not None and viewer.organisation_id == item.organisation.id


def _full(
    record: StoredRecord, viewer: Viewer, level: Level, archived_on: dt.date | None = None
) -> ChildView:
    manages = level is Level.MANAGEMENT
    return ChildView(
        level=level,
        cp_id=record.cp_id,
        family_name=record.family_name,
        given_name=record.given_name,
        date_of_birth=record.date_of_birth,
        gender=record.gender,
        shielded=record.shield is not None,
        cacheable=level is Level.STANDARD,
        middle_names=record.middle_names,
        former_names=record.former_names,
        address=Address(
            record.address_line1,
            record.address_line2,
            record.town,
            record.postcode,
            record.address_state,
            record.left_england_intent,
        ),
        date_of_death=record.date_of_death,
        responsible_authority=record.responsible_authority,
        school=record.school,
        school_start_date=record.school_start_date,
        gp=record.gp,
        carers=record.carers,
        involvements=tuple(i for i in record.involvements if _sees_involvement(i, viewer, manages)),
        shield=record.shield if manages else _shield_for(record, viewer),
        archived_on=archived_on,
    )
