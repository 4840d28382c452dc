"""The helpdesk's correlation-id lookup over HTTP (issue 13): a thin call into
directory.support, which refuses, audits and answers.

    GET /v1/support/requests/{correlation_id}   the helpdesk only
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from contract.support_shapes import SupportLookupBody
from directory.api import shapes
from directory.api.clock import request_now
from directory.api.errors import correlation_id
from directory.api.responses import COMMON_ERRORS
from directory.api.session import current_viewer
from directory.support import lookup
from directory.viewer import Viewer

router = APIRouter(prefix="/v1/support", responses=COMMON_ERRORS)
# Any text: directory.support refuses a malformed id itself, audited, as the CLI's is.
LookedUp = Annotated[
    str, Path(alias="correlation_id", description="the correlation id the user quotes")
]


@router.get(
    "/requests/{correlation_id}",
    response_model=shapes.SupportLookup,
    summary="What the directory answered a request: route, status, code (the helpdesk)",
)
def support_request(
    looked_up: LookedUp,
    viewer: Annotated[Viewer, Depends(current_viewer)],
    request: Request,
    response: Response,
) -> SupportLookupBody:
    found = lookup(
        request.app.state.engine,
        viewer,
        looked_up,
        now=request_now(request),
        correlation_id=correlation_id(request),
    )
    response.headers["Cache-Control"] = "no-store"
    return found
