"""One child's record exactly as the directory sent it: typed, frozen and read-only.

Parsed from the JSON of the directory's shield projection (contract.shapes.ChildView), which
leaves out every section the viewer may not see. A section that is absent stays None here:
the model never fills a gap, so a view built from it cannot suggest that something hidden
exists. The JSON is read with the contract's Reader: a body of the wrong shape raises
contract.ShapeError (a ValueError) naming the field (as a path such as
`involvements[2].start_date`) but never quoting a value, because values are personal data
and an exception can end up in a log.

Codes (address state, gender, sensitive category ...) are kept as sent, unknown ones
included: refusing a whole record because the directory learned a new code would keep a
practitioner from a child's contacts. The words for them live in desktop.records.wording.

Personal fields are left out of repr() for the same reason as sync's models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contract.codes import ShieldPhase
from contract.identity import read_person
from contract.levels import Level as RecordLevel
from contract.reader import Reader, ShapeError

_CP_ID = re.compile(r"^[0-9]{12}$")


@dataclass(frozen=True, slots=True)
class FormerName:
    family_name: str = field(repr=False)
    given_name: str = field(repr=False)
    used_until: dt.date | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class Address:
    line1: str | None = field(repr=False)
    line2: str | None = field(repr=False)
    town: str | None = field(repr=False)
    postcode: str | None = field(repr=False)
    state: str
    left_england_intent: str | None


@dataclass(frozen=True, slots=True)
class Authority:
    code: str
    name: str
    office_hours_phone: str
    out_of_hours_phone: str


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
    family_name: str = field(repr=False)
    given_name: str = field(repr=False)
    relationship: str
    parental_responsibility: bool
    phone: str | None = field(repr=False)
    email: str | None = field(repr=False)
    address_line1: str | None = field(repr=False)
    town: str | None = field(repr=False)
    postcode: str | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class Involvement:
    id: str  # the directory's opaque handle: what PATCH .../involvements/{id} takes
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

    @property
    def active(self) -> bool:
        return self.ceased_date is None

    @property
    def sensitive(self) -> bool:
        return self.sensitive_category is not None


@dataclass(frozen=True, slots=True)
class Shield:
    since: dt.date
    by: str | None
    reason: str | None
    review_date: dt.date
    # For the authority's shield officers and team only: where the shield is in its life
    # and who took its steps, so that the record offers only the steps they may take.
    state: ShieldPhase | None = None
    confirmed_by: str | None = None
    lift_proposed_by: str | None = None


@dataclass(frozen=True, slots=True)
class RecordModel:
    level: RecordLevel
    cp_id: str = field(repr=False)
    family_name: str = field(repr=False)
    given_name: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    gender: str = field(repr=False)
    shielded: bool
    # May the client keep this view in its encrypted cache? Never an override or
    # management view (DESIGN.md 4); the directory decides.
    cacheable: bool
    broker_contact: str | None = None
    middle_names: str | None = field(default=None, repr=False)
    former_names: tuple[FormerName, ...] | None = field(default=None, repr=False)
    address: Address | None = field(default=None, repr=False)
    date_of_death: dt.date | None = field(default=None, repr=False)
    responsible_authority: Authority | None = None
    school: Organisation | None = field(default=None, repr=False)
    school_start_date: dt.date | None = field(default=None, repr=False)
    gp: Organisation | None = field(default=None, repr=False)
    carers: tuple[Carer, ...] | None = field(default=None, repr=False)
    involvements: tuple[Involvement, ...] | None = field(default=None, repr=False)
    shield: Shield | None = field(default=None, repr=False)
    archived_on: dt.date | None = field(default=None, repr=False)

    @property
    def full(self) -> bool:
        """True for every level but SHIELDED: the directory sent the whole record."""
        return self.level is not RecordLevel.SHIELDED

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RecordModel:
        """The record from the directory's JSON; ValueError (naming the field) if malformed."""
        r = Reader(body, "record")
        level = r.code("level", RecordLevel)
        cp_id = r.text("cp_id")
        if not _CP_ID.match(cp_id):
            raise ShapeError("'cp_id' is not a 12-digit ContactPoint ID.")
        return cls(
            level=level,
            cp_id=cp_id,
            family_name=r.text("family_name"),
            given_name=r.text("given_name"),
            date_of_birth=r.date("date_of_birth"),
            gender=r.text("gender"),
            shielded=r.flag("shielded"),
            cacheable=r.flag("cacheable"),
            broker_contact=r.optional_text("broker_contact"),
            middle_names=r.optional_text("middle_names"),
            former_names=r.optional_items("former_names", _former_name),
            address=r.optional_section("address", _address),
            date_of_death=r.optional_date("date_of_death"),
            responsible_authority=r.optional_section("responsible_authority", _authority),
            school=r.optional_section("school", _organisation),
            school_start_date=r.optional_date("school_start_date"),
            gp=r.optional_section("gp", _organisation),
            carers=r.optional_items("carers", _carer),
            involvements=r.optional_items("involvements", _involvement),
            shield=r.optional_section("shield", _shield),
            archived_on=r.optional_date("archived_on"),
        )


def _former_name(r: Reader) -> FormerName:
    return FormerName(r.text("family_name"), r.text("given_name"), r.optional_date("used_until"))


def _address(r: Reader) -> Address:
    return Address(
        line1=r.optional_text("line1"),
        line2=r.optional_text("line2"),
        town=r.optional_text("town"),
        postcode=r.optional_text("postcode"),
        state=r.text("state"),
        left_england_intent=r.optional_text("left_england_intent"),
    )


def _authority(r: Reader) -> Authority:
    return Authority(
        code=r.text("code"),
        name=r.text("name"),
        office_hours_phone=r.text("office_hours_phone"),
        out_of_hours_phone=r.text("out_of_hours_phone"),
    )


def _organisation(r: Reader) -> Organisation:
    return Organisation(
        id=r.number("id"),
        name=r.text("name"),
        phone=r.text("phone"),
        email=r.optional_text("email"),
        address=r.optional_text("address"),
        postcode=r.optional_text("postcode"),
    )


def _carer(r: Reader) -> Carer:
    return Carer(
        family_name=r.text("family_name"),
        given_name=r.text("given_name"),
        relationship=r.text("relationship"),
        parental_responsibility=r.flag("parental_responsibility"),
        phone=r.optional_text("phone"),
        email=r.optional_text("email"),
        address_line1=r.optional_text("address_line1"),
        town=r.optional_text("town"),
        postcode=r.optional_text("postcode"),
    )


def _involvement(r: Reader) -> Involvement:
    return Involvement(
        id=r.text("id"),
        organisation=_organisation(r.section("organisation")),
        practitioner_name=r.optional_text("practitioner_name"),
        practitioner_role=r.text("practitioner_role"),
        phone=r.text("phone"),
        email=r.optional_text("email"),
        start_date=r.date("start_date"),
        ceased_date=r.optional_date("ceased_date"),
        lead_professional=r.flag("lead_professional"),
        caf=r.flag("caf"),
        caf_started=r.optional_date("caf_started"),
        caf_completed=r.optional_date("caf_completed"),
        sensitive_category=r.optional_text("sensitive_category"),
        consent_basis=r.optional_text("consent_basis"),
    )


def _shield(r: Reader) -> Shield:
    return Shield(
        since=r.date("since"),
        by=read_person(r, "by"),
        reason=r.optional_text("reason"),
        review_date=r.date("review_date"),
        state=r.code("state", ShieldPhase) if r.present("state") else None,
        confirmed_by=read_person(r, "confirmed_by"),
        lift_proposed_by=read_person(r, "lift_proposed_by"),
    )
