"""Searches and child views: thin calls into directory.service, which audits each one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from directory.api import shapes
from directory.api.errors import correlation_id
from directory.api.models import CacheableRequest, SearchRequest
from directory.api.responses import COMMON_ERRORS
from directory.api.session import current_viewer
from directory.service import Directory
from directory.viewer import Viewer

router = APIRouter(prefix="/v1", responses=COMMON_ERRORS)
ViewerDep = Annotated[Viewer, Depends(current_viewer)]
# How long a client may keep a cacheable view (DESIGN.md 4: at most 24 hours; the client's
# machine policy may shorten it, never lengthen it).
CACHEABLE_SECONDS = 8 * 3600


def _directory(request: Request) -> Directory:
    directory: Directory = request.app.state.directory
    return directory


@router.post(
    "/searches",
    response_model=shapes.SearchResult,
    summary="Search for a child (criteria are POSTed, never in a URL)",
)
def search(
    body: SearchRequest, viewer: ViewerDep, request: Request, response: Response
) -> dict[str, Any]:
    criteria = body.criteria.model_dump(exclude_none=True)
    result = _directory(request).search(viewer, criteria, body.mode, correlation_id(request))
    response.headers["Cache-Control"] = "no-store"
    return result.as_dict()


@router.post(
    "/children/cacheable",
    response_model=shapes.Cacheable,
    summary="Which of the caller's cached records it may still keep (IDs are POSTed)",
)
def cacheable(
    body: CacheableRequest, viewer: ViewerDep, request: Request, response: Response
) -> dict[str, list[str]]:
    kept = _directory(request).cacheable(viewer, body.cp_ids, correlation_id(request))
    response.headers["Cache-Control"] = "no-store"
    return {"cacheable": kept}


@router.get(
    "/children/{cp_id}",
    response_model=shapes.ChildView,
    summary="A child's record as the caller may see it: its `level` says which shape",
)
def view_child(
    cp_id: str, viewer: ViewerDep, request: Request, response: Response
) -> dict[str, Any]:
    view = _directory(request).view_child(viewer, cp_id, correlation_id(request))
    response.headers["Cache-Control"] = (
        f"private, max-age={CACHEABLE_SECONDS}" if view.cacheable else "no-store"
    )
    return view.as_dict()
