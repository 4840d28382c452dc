"""Request bodies as the OpenAPI document publishes them (DESIGN.md 3.6, 3.7).

Criteria are an open object here and validated by directory.criteria, whose messages say
what to add; the schema still lists every field so that clients and schemathesis see them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


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


class ChallengeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    certificate: str = Field(max_length=16_384, description="base64 DER X.509 certificate")


class SessionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge_id: str = Field(max_length=128)
    signature: str = Field(max_length=2_048, description="base64 DER signature")
    password: str | None = Field(default=None, max_length=1_024)
