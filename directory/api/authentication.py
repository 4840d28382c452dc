"""Login and logout over HTTP: the wire contract of DESIGN.md 3.7, on directory.auth.

The origin signed into every login is the directory's configured one (ApiSettings.origin),
never the Host header of the request: a signature made for another origin must fail.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response

from directory.api import shapes
from directory.api.errors import correlation_id
from directory.api.models import ChallengeRequest, SessionRequest
from directory.api.responses import COMMON_ERRORS
from directory.api.session import bearer_token
from directory.auth import issue_challenge, open_session, revoke_session
from directory.errors import AuthenticationFailed

router = APIRouter(prefix="/v1/auth", responses=COMMON_ERRORS)


def _base64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AuthenticationFailed(f"The {what} must be base64.", "malformed") from None


def _now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.settings.clock()
    return now


def _address(request: Request) -> str | None:
    # The TCP peer (uvicorn runs with proxy_headers off): a header could be forged.
    return request.client.host if request.client is not None else None


@router.post(
    "/challenges",
    status_code=201,
    response_model=shapes.Challenge,
    summary="Ask for a challenge for a certificate",
)
def challenge(body: ChallengeRequest, request: Request, response: Response) -> dict[str, Any]:
    state = request.app.state
    issued = issue_challenge(
        state.engine,
        _base64(body.certificate, "certificate"),
        state.trusted_cas,
        _now(request),
        state.settings.policy,
        purpose=body.purpose,
        cp_id=body.cp_id,
        address=_address(request),
        revocations=state.revocations,
        correlation_id=correlation_id(request),
    )
    response.headers["Cache-Control"] = "no-store"
    return issued.as_json()


@router.post(
    "/sessions",
    status_code=201,
    response_model=shapes.Session,
    summary="Open a session with a signed challenge",
)
def sign_in(body: SessionRequest, request: Request, response: Response) -> dict[str, Any]:
    state = request.app.state
    opened = open_session(
        state.engine,
        body.challenge_id,
        _base64(body.signature, "signature"),
        body.password,
        state.settings.origin,
        _now(request),
        state.settings.policy,
        revocations=state.revocations,
        address=_address(request),
        correlation_id=correlation_id(request),
    )
    response.headers["Cache-Control"] = "no-store"
    return {
        "token": opened.token,
        "expires_at": opened.expires_at.isoformat(),
        "user": opened.user.as_json(),
    }


@router.delete("/sessions/current", status_code=204, summary="Sign out: the token ends now")
def sign_out(request: Request) -> Response:
    revoke_session(
        request.app.state.engine,
        bearer_token(request),
        _now(request),
        correlation_id=correlation_id(request),
    )
    return Response(status_code=204)
