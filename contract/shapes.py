"""The shapes of the wire's JSON, as TypedDicts (DESIGN.md 3.6, 3.7).

What the directory sends, field by field: the directory's routes declare them as their
response models (so /v1/openapi.json describes every answer) and the client reads them
with contract.reader. Dates are ISO 8601 text ("2015-03-07"), instants ISO 8601 with a
time zone. `NotRequired` marks a key the directory leaves out rather than sending null:
in a child view, a section the viewer may not see is absent, never null (DESIGN.md 3.3).

This module does not use `from __future__ import annotations`: on Python 3.11 a TypedDict
reads NotRequired from the evaluated annotations only, and a string would make every key
required.

The management team's and shield officers' answers (alerts, the shield's life and reviews,
contact and shield requests, access history) are in contract.team_shapes.
"""

from typing import Literal, NotRequired, TypedDict


class ErrorBody(TypedDict):
    """Every refusal, whatever the route (contract.codes.ErrorCode)."""

    error: str
    message: str
    correlation_id: str


class HealthBody(TypedDict):
    status: str


# --- Authentication (DESIGN.md 3.7) -------------------------------------------------------


class ChallengeBody(TypedDict):
    challenge_id: str
    nonce: str  # base64 text, signed as it is (contract.messages)
    expires_at: str
    cp_id: NotRequired[str]  # override challenges only: the record, normalised


class UserBody(TypedDict):
    name: str
    organisation: str | None
    roles: list[str]
    local_authority: str | None


class SessionBody(TypedDict):
    token: str
    expires_at: str
    user: UserBody


# --- Searches -----------------------------------------------------------------------------


class MatchBody(TypedDict):
    cp_id: str
    score: float  # 0 to 1
    shielded: bool
    family_name: str
    given_name: str
    date_of_birth: str
    gender: str
    town: NotRequired[str | None]  # only where the viewer may see the address
    postcode: NotRequired[str | None]


class SearchResultBody(TypedDict):
    matches: list[MatchBody]
    too_many: bool
    message: NotRequired[str]  # with too_many: what to add


class CacheableBody(TypedDict):
    cacheable: list[str]  # the asked IDs the caller may keep in its cache


# --- A child's record: the shield projection's output (directory.projection) --------------


class OrganisationBody(TypedDict):
    id: int
    name: str
    phone: str
    email: str | None
    address: str | None
    postcode: str | None


class AuthorityBody(TypedDict):
    code: str
    name: str
    office_hours_phone: str
    out_of_hours_phone: str


class FormerNameBody(TypedDict):
    family_name: str
    given_name: str
    used_until: str | None


class AddressBody(TypedDict):
    line1: str | None
    line2: str | None
    town: str | None
    postcode: str | None
    state: str
    left_england_intent: str | None


class CarerBody(TypedDict):
    family_name: str
    given_name: str
    relationship: str
    parental_responsibility: bool
    phone: str | None
    email: str | None
    address_line1: str | None
    town: str | None
    postcode: str | None


class InvolvementBody(TypedDict):
    id: str  # an opaque handle: what PATCH .../involvements/{id} takes
    organisation: OrganisationBody
    practitioner_name: str | None
    practitioner_role: str
    phone: str
    email: str | None
    start_date: str
    ceased_date: str | None
    lead_professional: bool
    caf: bool
    caf_started: str | None
    caf_completed: str | None
    sensitive_category: str | None
    consent_basis: str | None


class ShieldBody(TypedDict):
    """A shield in force, for the child's authority's shield officers and team only."""

    since: str
    by: str | None  # who placed it
    reason: str | None
    review_date: str
    # For the people who work it, so the client offers only the steps
    # contract.shield_machine.offered allows them:
    state: NotRequired[str]  # contract.codes.ShieldPhase
    confirmed_by: NotRequired[str | None]
    lift_proposed_by: NotRequired[str | None]


class ShieldedChildView(TypedDict):
    """A shielded child seen by an ordinary viewer: who, and how to ask for contact."""

    level: Literal["shielded"]
    cp_id: str
    family_name: str
    given_name: str
    date_of_birth: str
    gender: str
    shielded: bool
    cacheable: bool
    broker_contact: str
    shield: NotRequired[ShieldBody]  # for the authority's shield officers only


class FullChildView(TypedDict):
    """The whole record: standard, override (one view) or management."""

    level: Literal["standard", "override", "management"]
    cp_id: str
    family_name: str
    given_name: str
    date_of_birth: str
    gender: str
    shielded: bool
    cacheable: bool
    middle_names: NotRequired[str]
    former_names: list[FormerNameBody]
    address: AddressBody
    date_of_death: NotRequired[str]
    responsible_authority: AuthorityBody
    school: NotRequired[OrganisationBody]
    school_start_date: NotRequired[str]
    gp: NotRequired[OrganisationBody]
    carers: list[CarerBody]
    involvements: list[InvolvementBody]  # without the sensitive ones the viewer may not see
    shield: NotRequired[ShieldBody]
    archived_on: NotRequired[str]  # management of an archived record only


# Every child view (GET /v1/children/{cp_id}, an override's answer), told apart by `level`.
ChildView = ShieldedChildView | FullChildView


# --- Actions on a child --------------------------------------------------------------------


class OverrideReasonBody(TypedDict):
    code: str
    label: str


class OverrideReasonsBody(TypedDict):
    reasons: list[OverrideReasonBody]
    justification_rule: str
    justification_min_characters: int
    justification_min_words: int


class RecordedInvolvementBody(TypedDict):
    """An involvement just added: only what the practitioner sent and who they are."""

    id: str
    organisation_id: int
    practitioner_name: str
    practitioner_role: str
    phone: str
    email: str | None
    start_date: str
    ceased_date: None
    lead_professional: bool
    caf: bool
    caf_started: str | None
    caf_completed: str | None
    sensitive_category: str | None
    consent_basis: str | None


class CeasedInvolvementBody(TypedDict):
    id: str
    ceased_date: str


class ReceiptBody(TypedDict):
    """A contact or shield request sent to a management team: nothing about the team."""

    id: str
    reference: str
    message: str
