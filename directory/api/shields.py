"""The shield lifecycle over HTTP (DESIGN.md 3.6.1): thin calls into directory.shields.

    PUT    /v1/children/{cp_id}/shield            {"reason_code", "note"}  place (immediate)
    PUT    /v1/children/{cp_id}/shield            {"confirm": true}         second officer confirms
    DELETE /v1/children/{cp_id}/shield                                      propose the lift
    DELETE /v1/children/{cp_id}/shield?confirm=true                         the team confirms it
    GET    /v1/shields/reviews                                              the reviews worklist
    POST   /v1/children/{cp_id}/shield/reviews    {"decision", "note"}      renew, or propose lift
    GET    /v1/reference/shield-reasons                                     the published reasons

Every answer is the shield's status (directory.shields.lifecycle.ShieldStatus), never a
child's details, and is not to be cached.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from contract.codes import ReviewDecision, ShieldEvent
from contract.team_shapes import ShieldReasonsBody, ShieldReviewsBody, ShieldStatusBody
from directory.api import shapes
from directory.api.clock import request_now
from directory.api.errors import correlation_id
from directory.api.responses import COMMON_ERRORS
from directory.api.session import current_viewer
from directory.shields.lifecycle import REVIEW_ACTION, apply
from directory.shields.reasons import SHIELD_REASONS
from directory.shields.reviews import MAX_PAGE_SIZE, list_reviews
from directory.viewer import Viewer

router = APIRouter(prefix="/v1", responses=COMMON_ERRORS)
ViewerDep = Annotated[Viewer, Depends(current_viewer)]
ShieldReasonCode = Literal[
    "domestic_violence",
    "witness_protection",
    "adoption_placement",
    "risk_of_abduction",
    "other_serious_risk",
]
REVIEW_EVENTS = {
    ReviewDecision.RENEW: ShieldEvent.RENEW,
    ReviewDecision.LIFT: ShieldEvent.PROPOSE_LIFT,
}


class ShieldPut(BaseModel):
    """Either a placing (reason_code and note) or a confirmation (confirm: true)."""

    model_config = ConfigDict(extra="forbid")

    reason_code: ShieldReasonCode | None = Field(
        default=None, description="one of GET /v1/reference/shield-reasons; to place"
    )
    note: str | None = Field(default=None, max_length=2_000, description="why; kept, not audited")
    confirm: Literal[True] | None = Field(
        default=None, description="true: a second shield officer confirms the shield"
    )

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        if self.confirm is None and (self.reason_code is None or self.note is None):
            raise ValueError("Place a shield with reason_code and note, or send confirm: true.")
        if self.confirm is not None and self.reason_code is not None:
            raise ValueError("A confirmation carries no reason code.")
        return self


class ShieldReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: ReviewDecision
    note: str = Field(max_length=2_000)


def _step(
    request: Request,
    response: Response,
    viewer: Viewer,
    cp_id: str,
    event: ShieldEvent,
    **extra: Any,
) -> ShieldStatusBody:
    done = apply(
        request.app.state.engine,
        viewer,
        cp_id,
        event,
        now=request_now(request),
        correlation_id=correlation_id(request),
        **extra,
    )
    response.headers["Cache-Control"] = "no-store"
    return done.as_json()


@router.put(
    "/children/{cp_id}/shield",
    response_model=shapes.ShieldStatus,
    summary="Place a shield (at once), or confirm one as a second shield officer",
)
def put_shield(
    cp_id: str, body: ShieldPut, viewer: ViewerDep, request: Request, response: Response
) -> ShieldStatusBody:
    if body.confirm:
        return _step(request, response, viewer, cp_id, ShieldEvent.CONFIRM, note=body.note)
    return _step(
        request, response, viewer, cp_id, ShieldEvent.PLACE, reason=body.reason_code, note=body.note
    )


@router.delete(
    "/children/{cp_id}/shield",
    response_model=shapes.ShieldStatus,
    summary="Propose lifting a shield, or (confirm=true, the management team) lift it",
)
def delete_shield(
    cp_id: str,
    viewer: ViewerDep,
    request: Request,
    response: Response,
    confirm: Annotated[bool, Query(description="the team confirms a proposed lift")] = False,
) -> ShieldStatusBody:
    event = ShieldEvent.CONFIRM_LIFT if confirm else ShieldEvent.PROPOSE_LIFT
    return _step(request, response, viewer, cp_id, event)


@router.post(
    "/children/{cp_id}/shield/reviews",
    status_code=201,
    response_model=shapes.ShieldStatus,
    summary="Record a shield's review: renew it for six months, or propose its lift",
)
def review_shield(
    cp_id: str, body: ShieldReview, viewer: ViewerDep, request: Request, response: Response
) -> ShieldStatusBody:
    event = REVIEW_EVENTS[body.decision]
    return _step(request, response, viewer, cp_id, event, note=body.note, action=REVIEW_ACTION)


@router.get(
    "/shields/reviews",
    response_model=shapes.ShieldReviews,
    summary="Your authority's shields that are unconfirmed, lift pending, due or overdue",
)
def shield_reviews(
    viewer: ViewerDep,
    request: Request,
    response: Response,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> ShieldReviewsBody:
    found = list_reviews(
        request.app.state.engine,
        viewer,
        page=page,
        page_size=page_size,
        now=request_now(request),
        correlation_id=correlation_id(request),
    )
    response.headers["Cache-Control"] = "no-store"
    return found.as_json()


@router.get(
    "/reference/shield-reasons",
    response_model=shapes.ShieldReasons,
    summary="The published list of shield reasons",
)
def shield_reasons(viewer: ViewerDep) -> ShieldReasonsBody:
    return {"reasons": [{"code": r.code, "label": r.label} for r in SHIELD_REASONS]}
