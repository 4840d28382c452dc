"""Actions on a child and the management worklist: thin calls into directory.actions.

Each route resolves the caller's session, hands the body to directory.actions (which checks
the roles, audits and refuses) and returns what it returns. The override response is the
full record for this one view: `Cache-Control: no-store`, and the alert's reference in the
X-Override-Reference header so that the body keeps the shape of every other child view.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from contract.limits import MIN_JUSTIFICATION_CHARACTERS, MIN_JUSTIFICATION_WORDS
from directory import actions
from directory.actions.alerts import MAX_PAGE_SIZE
from directory.api import shapes
from directory.api.errors import correlation_id
from directory.api.models import (
    AlertUpdate,
    CeaseInvolvementRequest,
    ContactRequestBody,
    InvolvementRequest,
    OverrideRequest,
    ShieldRequestBody,
)
from directory.api.responses import COMMON_ERRORS
from directory.api.session import current_viewer
from directory.viewer import Viewer

router = APIRouter(prefix="/v1", responses=COMMON_ERRORS)
ViewerDep = Annotated[Viewer, Depends(current_viewer)]
OVERRIDE_REFERENCE_HEADER = "X-Override-Reference"
# Involvements and alerts are named by opaque handles (directory.handles). Their path
# parameter takes any text: directory.actions answers a malformed handle exactly like an
# unknown one (404), where a pattern here would answer 422 and tell the two apart.
# Involvements and alerts are named by opaque handles (directory.handles). The path takes
# any text: a malformed handle is answered by directory.actions exactly like an unknown one
# (404), where a pattern here would answer 422 and tell the two apart.


def _now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.settings.clock()
    return now


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.post(
    "/children/{cp_id}/overrides",
    response_model=shapes.FullChildView,
    summary="Override a shield for one view (reason, justification, fresh token signature)",
)
def override(
    cp_id: str, body: OverrideRequest, viewer: ViewerDep, request: Request, response: Response
) -> dict[str, Any]:
    settings = request.app.state.settings
    done = actions.override(
        request.app.state.engine,
        viewer,
        cp_id,
        reason_code=body.reason_code,
        justification=body.justification,
        reauth=actions.Reauth(body.reauth.challenge_id, body.reauth.signature),
        origin=settings.origin,
        policy=settings.policy,
        now=_now(request),
        correlation_id=correlation_id(request),
        limits=settings.limits,
    )
    _no_store(response)
    response.headers[OVERRIDE_REFERENCE_HEADER] = done.alert_reference
    return done.view.as_dict()


@router.get(
    "/reference/override-reasons",
    response_model=shapes.OverrideReasons,
    summary="The published list of override reasons",
)
def override_reasons(viewer: ViewerDep) -> dict[str, Any]:
    return {
        "reasons": [{"code": r.code, "label": r.label} for r in actions.OVERRIDE_REASONS],
        "justification_rule": actions.JUSTIFICATION_RULE,
        # The numbers behind the rule, so that a client can check a justification before
        # sending it (the directory still checks it: the client is never trusted).
        "justification_min_characters": MIN_JUSTIFICATION_CHARACTERS,
        "justification_min_words": MIN_JUSTIFICATION_WORDS,
    }


@router.post(
    "/children/{cp_id}/involvements",
    status_code=201,
    response_model=shapes.RecordedInvolvement,
    summary="Record your organisation's involvement with a child",
)
def add_involvement(
    cp_id: str,
    body: InvolvementRequest,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    added = actions.add_involvement(
        request.app.state.engine,
        viewer,
        cp_id,
        actions.NewInvolvement(**body.model_dump()),
        now=_now(request),
        correlation_id=correlation_id(request),
    )
    _no_store(response)
    return added.as_json()


@router.patch(
    "/children/{cp_id}/involvements/{id}",
    response_model=shapes.CeasedInvolvement,
    summary="Mark your organisation's involvement as ceased",
)
def cease_involvement(
    cp_id: str,
    involvement_id: Annotated[str, Path(alias="id", description="the involvement's id (handle)")],
    body: CeaseInvolvementRequest,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    ceased = actions.cease_involvement(
        request.app.state.engine,
        viewer,
        cp_id,
        involvement_id,
        body.ceased_date,
        now=_now(request),
        correlation_id=correlation_id(request),
    )
    _no_store(response)
    return ceased.as_json()


@router.post(
    "/children/{cp_id}/contact-requests",
    status_code=201,
    response_model=shapes.Receipt,
    summary="Ask the management team to broker contact with the child's practitioners",
)
def contact_request(
    cp_id: str,
    body: ContactRequestBody,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, str]:
    receipt = actions.request_contact(
        request.app.state.engine,
        viewer,
        cp_id,
        body.message,
        now=_now(request),
        correlation_id=correlation_id(request),
    )
    _no_store(response)
    return receipt.as_json()


@router.post(
    "/children/{cp_id}/shield-requests",
    status_code=201,
    response_model=shapes.Receipt,
    summary="Ask for the child's record to be shielded",
)
def shield_request(
    cp_id: str,
    body: ShieldRequestBody,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, str]:
    receipt = actions.request_shield(
        request.app.state.engine,
        viewer,
        cp_id,
        body.reason_category,
        body.note,
        now=_now(request),
        correlation_id=correlation_id(request),
    )
    _no_store(response)
    return receipt.as_json()


@router.get(
    "/alerts",
    response_model=shapes.AlertPage,
    summary="Your authority's alerts: open first, newest first",
)
def list_alerts(
    viewer: ViewerDep,
    request: Request,
    response: Response,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    status: Annotated[
        Literal["open", "acknowledged", "escalated", "closed"] | None,
        Query(description="only the alerts with this status"),
    ] = None,
) -> dict[str, Any]:
    found = actions.list_alerts(
        request.app.state.engine,
        viewer,
        page=page,
        page_size=page_size,
        status=status,
        target=request.app.state.settings.alert_target,
        now=_now(request),
        correlation_id=correlation_id(request),
    )
    _no_store(response)
    return found.as_json()


@router.patch(
    "/alerts/{id}",
    response_model=shapes.Alert,
    summary="Acknowledge, escalate or close (outcome, note) one of your alerts",
)
def update_alert(
    alert_id: Annotated[str, Path(alias="id", description="the alert's id (handle)")],
    body: AlertUpdate,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    updated = actions.update_alert(
        request.app.state.engine,
        viewer,
        alert_id,
        status=body.status,
        note=body.note,
        outcome=body.outcome,
        target=request.app.state.settings.alert_target,
        now=_now(request),
        correlation_id=correlation_id(request),
    )
    _no_store(response)
    return updated.as_json()
