"""Contact and shield requests worked, and a child's access history, over HTTP (DESIGN.md
3.6.1): thin calls into directory.worklists, which scopes, audits and refuses.

    GET   /v1/contact-requests        the team: its authority's; anyone else: their own
    PATCH /v1/contact-requests/{id}   {"status": "brokered" | "declined", "note"}
    GET   /v1/shield-requests         officers and the team: the authority's; others: own
    PATCH /v1/shield-requests/{id}    {"status": "granted" | "declined", "note"}
    GET   /v1/children/{cp_id}/access-history   the responsible authority's team only
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from contract.team_shapes import AccessHistoryBody
from directory.api import shapes
from directory.api.clock import request_now
from directory.api.errors import correlation_id
from directory.api.responses import COMMON_ERRORS
from directory.api.session import current_viewer
from directory.viewer import Viewer
from directory.worklists.access_history import access_history
from directory.worklists.requests import CONTACT, MAX_PAGE_SIZE, SHIELD, Kind, decide, list_requests

router = APIRouter(prefix="/v1", responses=COMMON_ERRORS)
ViewerDep = Annotated[Viewer, Depends(current_viewer)]
# The id takes any text: a malformed one is answered like an unknown one (404).
RequestId = Annotated[str, Path(alias="id", description="the request's id (handle)")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


class ContactDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["brokered", "declined"]
    note: str = Field(max_length=2_000, description="what was done; the requester never sees it")


class ShieldDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["granted", "declined"]
    note: str = Field(max_length=2_000, description="why; the requester never sees it")


def _list(
    kind: Kind, viewer: Viewer, request: Request, response: Response, **query: Any
) -> dict[str, Any]:
    found = list_requests(
        request.app.state.engine,
        kind,
        viewer,
        now=request_now(request),
        correlation_id=correlation_id(request),
        **query,
    )
    response.headers["Cache-Control"] = "no-store"
    return found


def _decide(
    kind: Kind,
    viewer: Viewer,
    request_id: str,
    status: str,
    note: str,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    done = decide(
        request.app.state.engine,
        kind,
        viewer,
        request_id,
        status=status,
        note=note,
        now=request_now(request),
        correlation_id=correlation_id(request),
    )
    response.headers["Cache-Control"] = "no-store"
    return done


@router.get(
    "/contact-requests",
    response_model=shapes.ContactRequestPage,
    summary="Contact requests: your authority's, or your own",
)
def contact_requests(
    viewer: ViewerDep,
    request: Request,
    response: Response,
    page: Page = 1,
    page_size: PageSize = 50,
    status: Annotated[Literal["open", "brokered", "declined"] | None, Query()] = None,
) -> dict[str, Any]:
    return _list(CONTACT, viewer, request, response, page=page, page_size=page_size, status=status)


@router.patch(
    "/contact-requests/{id}",
    response_model=shapes.ContactRequest,
    summary="Mark a contact request brokered or declined",
)
def decide_contact_request(
    request_id: RequestId,
    body: ContactDecision,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    return _decide(CONTACT, viewer, request_id, body.status, body.note, request, response)


@router.get(
    "/shield-requests",
    response_model=shapes.ShieldRequestPage,
    summary="Shield requests: your authority's, or your own",
)
def shield_requests(
    viewer: ViewerDep,
    request: Request,
    response: Response,
    page: Page = 1,
    page_size: PageSize = 50,
    status: Annotated[Literal["open", "granted", "declined"] | None, Query()] = None,
) -> dict[str, Any]:
    return _list(SHIELD, viewer, request, response, page=page, page_size=page_size, status=status)


@router.patch(
    "/shield-requests/{id}",
    response_model=shapes.ShieldRequest,
    summary="Grant a shield request (places the shield) or decline it",
)
def decide_shield_request(
    request_id: RequestId,
    body: ShieldDecision,
    viewer: ViewerDep,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    return _decide(SHIELD, viewer, request_id, body.status, body.note, request, response)


@router.get(
    "/children/{cp_id}/access-history",
    response_model=shapes.AccessHistory,
    summary="Who has looked at a child, newest first (the responsible authority's team)",
)
def child_access_history(
    cp_id: str,
    viewer: ViewerDep,
    request: Request,
    response: Response,
    page: Page = 1,
    page_size: PageSize = 50,
) -> AccessHistoryBody:
    found = access_history(
        request.app.state.engine,
        viewer,
        cp_id,
        page=page,
        page_size=page_size,
        now=request_now(request),
        correlation_id=correlation_id(request),
    )
    response.headers["Cache-Control"] = "no-store"
    return found
