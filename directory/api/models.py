"""Request bodies as the OpenAPI document publishes them (DESIGN.md 3.6, 3.7).

Criteria are an open object here and validated by directory.criteria, whose messages say
what to add; the schema still lists every field so that clients and schemathesis see them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contract.codes import ConsentBasis, ShieldReason
from contract.limits import (
    MAX_EMAIL_CHARACTERS,
    MAX_MESSAGE_CHARACTERS,
    MAX_NOTE_CHARACTERS,
    MAX_PASSWORD_CHARACTERS,
    MAX_PHONE_CHARACTERS,
    MAX_ROLE_CHARACTERS,
)
from directory.revalidation import MAX_IDS as MAX_REVALIDATE_IDS


class SearchCriteria(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family_name: str | None = Field(default=None, max_length=200)
    given_name: str | None = Field(default=None, max_length=200)
    date_of_birth: str | None = Field(default=None, max_length=20, examples=["2015-03-07"])
    year_of_birth: int | str | None = Field(default=None, examples=[2015])
    gender: str | None = Field(default=None, max_length=20)
    postcode: str | None = Field(default=None, max_length=20, examples=["LS6 2AB", "LS6"])
    cp_id: str | None = Field(default=None, max_length=32)


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criteria: SearchCriteria
    mode: Literal["exact", "fuzzy"] = "exact"


class CacheableRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cp_ids: list[str] = Field(
        max_length=MAX_REVALIDATE_IDS,
        description="the IDs in the client's cache; malformed ones are answered as absent",
    )


class ChallengeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    certificate: str = Field(max_length=16_384, description="base64 DER X.509 certificate")
    purpose: Literal["login", "override"] = Field(
        default="login", description="'override' for the re-authentication of a shield override"
    )
    cp_id: str | None = Field(
        default=None, max_length=32, description="the record an override challenge is for"
    )

    @model_validator(mode="after")
    def _record_only_for_override(self) -> Self:
        # Checked here so that the mismatch is a 422 like any other malformed body.
        if (self.purpose == "override") != (self.cp_id is not None):
            raise ValueError("An override challenge names the record; a login challenge does not.")
        return self


class SessionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge_id: str = Field(max_length=128)
    signature: str = Field(max_length=2_048, description="base64 DER signature")
    password: str | None = Field(default=None, max_length=MAX_PASSWORD_CHARACTERS)


# --- Actions on a child and the management worklist (directory.actions) -------------------


class ReauthBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge_id: str = Field(max_length=128, description="from POST /v1/auth/challenges")
    signature: str = Field(
        max_length=2_048, description="base64 DER signature of the override message"
    )


class OverrideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: str = Field(max_length=64, description="one of GET /v1/reference/override-reasons")
    justification: str = Field(
        max_length=4_000, description="why the details are needed now, in your own words"
    )
    reauth: ReauthBody


class InvolvementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    practitioner_role: str = Field(max_length=MAX_ROLE_CHARACTERS, examples=["health visitor"])
    phone: str = Field(max_length=MAX_PHONE_CHARACTERS)
    email: str | None = Field(default=None, max_length=MAX_EMAIL_CHARACTERS)
    start_date: dt.date
    lead_professional: bool = False
    caf: bool = False
    caf_started: dt.date | None = None
    caf_completed: dt.date | None = None
    consent_basis: ConsentBasis | None = Field(
        default=None, description="required from sensitive services, refused from others"
    )


class CeaseInvolvementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ceased_date: dt.date


class ContactRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(
        max_length=MAX_MESSAGE_CHARACTERS,
        description="who you are and why you need contact; passed on as it is",
    )


class ShieldRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_category: ShieldReason
    note: str = Field(max_length=MAX_NOTE_CHARACTERS)


class AlertUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["acknowledged", "escalated", "closed"]
    note: str | None = Field(
        default=None, max_length=MAX_NOTE_CHARACTERS, description="required to close"
    )
    outcome: Literal["justified", "not_justified", "referred"] | None = Field(
        default=None, description="required to close, and only then"
    )
