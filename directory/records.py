"""Load the stored form of a child's record: everything, before any projection.

A StoredRecord never leaves the directory: it is the input of directory.projection, and
every response about a child is built from that function's output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, FromClause, Label, Row, Select, bindparam, select

from contract.codes import ShieldPhase
from contract.shield_machine import phase_of
from directory.schema import (
    carer,
    child,
    child_carer,
    former_name,
    involvement,
    local_authority,
    organisation,
)


@dataclass(frozen=True, slots=True)
class Organisation:
    id: int
    name: str
    phone: str
    email: str | None
    address: str | None
    postcode: str | None


@dataclass(frozen=True, slots=True)
class Carer:
    family_name: str
    given_name: str
    relationship: str
    parental_responsibility: bool
    phone: str | None
    email: str | None
    address_line1: str | None
    town: str | None
    postcode: str | None


@dataclass(frozen=True, slots=True)
class Involvement:
    id: str  # the opaque handle (directory.handles), never the row id
    organisation: Organisation
    practitioner_name: str | None
    practitioner_role: str
    phone: str
    email: str | None
    start_date: dt.date
    ceased_date: dt.date | None
    lead_professional: bool
    caf: bool
    caf_started: dt.date | None
    caf_completed: dt.date | None
    sensitive_category: str | None
    consent_basis: str | None


@dataclass(frozen=True, slots=True)
class FormerName:
    family_name: str
    given_name: str
    used_until: dt.date | None


@dataclass(frozen=True, slots=True)
class Authority:
    code: str
    name: str
    office_hours_phone: str
    out_of_hours_phone: str


@dataclass(frozen=True, slots=True)
class Shield:
    """A shield in force. The projection shows it to the authority's shield officers and
    team only, who work it: `state` and the two people let their client offer the steps
    contract.shield_machine allows them (a placer does not confirm, a proposer does not
    confirm the lift)."""

    since: dt.date
    by: str | None
    reason: str | None
    review_date: dt.date
    state: ShieldPhase
    confirmed_by: str | None
    lift_proposed_by: str | None


@dataclass(frozen=True, slots=True)
class StoredRecord:
    cp_id: str
    family_name: str
    given_name: str
    middle_names: str | None
    date_of_birth: dt.date
    gender: str
    address_line1: str | None
    address_line2: str | None
    town: str | None
    postcode: str | None
    address_state: str
    left_england_intent: str | None
    date_of_death: dt.date | None
    responsible_authority: Authority
    school: Organisation | None
    school_start_date: dt.date | None
    gp: Organisation | None
    shield: Shield | None
    archived_on: dt.date | None
    former_names: tuple[FormerName, ...]
    carers: tuple[Carer, ...]
    involvements: tuple[Involvement, ...]


def _organisation(row: Row[Any], prefix: str) -> Organisation | None:
    org_id = getattr(row, f"{prefix}_id")
    if org_id is None:
        return None
    return Organisation(
        id=org_id,
        name=getattr(row, f"{prefix}_name"),
        phone=getattr(row, f"{prefix}_phone"),
        email=getattr(row, f"{prefix}_email"),
        address=getattr(row, f"{prefix}_address"),
        postcode=getattr(row, f"{prefix}_postcode"),
    )


def _org_columns(alias: FromClause, prefix: str) -> list[Label[Any]]:
    return [
        alias.c[name].label(f"{prefix}_{name}")
        for name in ("id", "name", "phone", "email", "address", "postcode")
    ]


def _child_with_authority(*extra: Label[Any]) -> Select[Any]:
    return select(
        child,
        local_authority.c.name.label("la_name"),
        local_authority.c.office_hours_phone,
        local_authority.c.out_of_hours_phone,
        *extra,
    ).join(local_authority, local_authority.c.code == child.c.responsible_la)


# Statements are built once: a record view is the hottest path in the directory, and
# building a select (and its aliases) per call costs more than running it.
_SCHOOL, _GP = organisation.alias("school"), organisation.alias("gp")
_HEAD = (
    _child_with_authority(*_org_columns(_SCHOOL, "school_org"), *_org_columns(_GP, "gp_org"))
    .outerjoin(_SCHOOL, _SCHOOL.c.id == child.c.school_id)
    .outerjoin(_GP, _GP.c.id == child.c.gp_id)
    .where(child.c.cp_id == bindparam("cp_id"))
)
_FORMER_NAMES = (
    select(former_name.c.family_name, former_name.c.given_name, former_name.c.used_until)
    .where(former_name.c.child_id == bindparam("child_id"))
    .order_by(former_name.c.id)
)
_CARERS = (
    select(carer, child_carer.c.relationship, child_carer.c.parental_responsibility)
    .join(child_carer, child_carer.c.carer_id == carer.c.id)
    .where(child_carer.c.child_id == bindparam("child_id"))
    .order_by(carer.c.id)
)
_INVOLVEMENTS = (
    select(involvement, *_org_columns(organisation, "org"))
    .join(organisation, organisation.c.id == involvement.c.organisation_id)
    .where(involvement.c.child_id == bindparam("child_id"))
    .order_by(involvement.c.start_date, involvement.c.id)
)


def load(conn: Connection, cp_id: str) -> StoredRecord | None:
    """The whole stored record for a (normalised) ContactPoint ID, or None."""
    head = conn.execute(_HEAD, {"cp_id": cp_id}).first()
    if head is None:
        return None
    return _header(
        head,
        school=_organisation(head, "school_org"),
        gp=_organisation(head, "gp_org"),
        former_names=_former_names(conn, head.id),
        carers=_carers(conn, head.id),
        involvements=_involvements(conn, head.id),
    )


def _header(
    head: Row[Any],
    school: Organisation | None = None,
    gp: Organisation | None = None,
    former_names: tuple[FormerName, ...] = (),
    carers: tuple[Carer, ...] = (),
    involvements: tuple[Involvement, ...] = (),
) -> StoredRecord:
    return StoredRecord(
        cp_id=head.cp_id,
        family_name=head.family_name,
        given_name=head.given_name,
        middle_names=head.middle_names,
        date_of_birth=head.date_of_birth,
        gender=head.gender,
        address_line1=head.address_line1,
        address_line2=head.address_line2,
        town=head.town,
        postcode=head.postcode,
        address_state=head.address_state,
        left_england_intent=head.left_england_intent,
        date_of_death=head.date_of_death,
        responsible_authority=Authority(
            head.responsible_la, head.la_name, head.office_hours_phone, head.out_of_hours_phone
        ),
        school=school,
        school_start_date=head.school_start_date,
        gp=gp,
        shield=_shield(head),
        archived_on=head.archived_on,
        former_names=former_names,
        carers=carers,
        involvements=involvements,
    )


def _shield(head: Row[Any]) -> Shield | None:
    if head.shielded_since is None:
        return None
    return Shield(
        since=head.shielded_since,
        by=head.shielded_by,
        reason=head.shield_reason,
        review_date=head.shield_review_date,
        state=phase_of(
            placed=True,
            confirmed=head.shield_confirmed_by is not None,
            lift_proposed=head.shield_lift_proposed_by is not None,
        ),
        confirmed_by=head.shield_confirmed_by,
        lift_proposed_by=head.shield_lift_proposed_by,
    )


def _former_names(conn: Connection, child_id: int) -> tuple[FormerName, ...]:
    result = conn.execute(_FORMER_NAMES, {"child_id": child_id})
    return tuple(FormerName(r.family_name, r.given_name, r.used_until) for r in result)


def _carers(conn: Connection, child_id: int) -> tuple[Carer, ...]:
    result = conn.execute(_CARERS, {"child_id": child_id})
    return tuple(
        Carer(
            r.family_name,
            r.given_name,
            r.relationship,
            r.parental_responsibility,
            r.phone,
            r.email,
            r.address_line1,
            r.town,
            r.postcode,
        )
        for r in result
    )


def _involvements(conn: Connection, child_id: int) -> tuple[Involvement, ...]:
    result = conn.execute(_INVOLVEMENTS, {"child_id": child_id})
    items = []
    for r in result:
        org = _organisation(r, "org")
        assert org is not None  # inner join
        items.append(
            Involvement(
                r.handle,
                org,
                r.practitioner_name,
                r.practitioner_role,
                r.phone,
                r.email,
                r.start_date,
                r.ceased_date,
                r.lead_professional,
                r.caf,
                r.caf_started,
                r.caf_completed,
                r.sensitive_category,
                r.consent_basis,
            )
        )
    return tuple(items)


def load_headers(conn: Connection, child_ids: list[int]) -> dict[int, StoredRecord]:
    """Records without their lists, in one query: enough to project a search match.

    Former names, carers and involvements are empty here; a match shows none of them.
    """
    if not child_ids:
        return {}
    result = conn.execute(_child_with_authority().where(child.c.id.in_(child_ids)))
    return {row.id: _header(row) for row in result}
