"""The caller's identity: a Bearer session token resolved to a Viewer by directory.auth."""

from __future__ import annotations

from fastapi import Request

from directory.api.errors import correlation_id
from directory.auth import resolve_session
from directory.errors import AuthenticationFailed
from directory.viewer import Viewer


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("Sign in with your token to use the directory.")
    return token.strip()


def current_viewer(request: Request) -> Viewer:
    """Every route that touches a child depends on this; there is no anonymous access.

    The viewer is kept on the request for the request log (directory.api.middleware)."""
    state = request.app.state
    viewer = resolve_session(
        state.engine,
        bearer_token(request),
        state.settings.clock(),
        state.revocations,
        correlation_id=correlation_id(request),
    )
    request.state.viewer = viewer
    return viewer
