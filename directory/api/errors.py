"""Every refusal as JSON: {"error": code, "message": sentence, "correlation_id": id}.

The status comes from the error's stable code (DESIGN.md 3.6), so a new DirectoryError
subclass needs one line here and nothing else. Messages are the errors' own sentences,
which never carry personal data. Unknown routes and wrong methods answer in the same shape
(not Starlette's {"detail": ...}). Anything unexpected becomes a 500 that says only that
the helpdesk can trace it with the correlation id (directory.api.middleware answers it).
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from contract.codes import ErrorCode
from directory.errors import SIGN_IN_REFUSALS, DirectoryError

log = logging.getLogger("contactpoint.directory.api")

STATUS_BY_CODE: dict[str, int] = {
    ErrorCode.INVALID_CRITERIA: 400,
    ErrorCode.INVALID_ENROLMENT: 422,
    ErrorCode.INVALID_IDENTIFIER: 400,
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.AUTHENTICATION_FAILED: 401,
    ErrorCode.PASSWORD_REQUIRED: 401,
    ErrorCode.NOT_ALLOWED: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.POLICY_VIOLATION: 409,
    ErrorCode.RATE_LIMITED: 429,
    # Fail closed: without its audit row the work was not done, and may be retried.
    ErrorCode.AUDIT_FAILURE: 503,
    **dict.fromkeys(SIGN_IN_REFUSALS, 401),
}
# Starlette's own refusals (routing, methods), in the documented shape.
_HTTP_ERRORS = {
    # FastAPI's answer to a body that is not JSON at all (bad UTF-8, nesting too deep).
    400: (ErrorCode.INVALID_BODY, "The request body is not valid JSON."),
    404: (ErrorCode.NOT_FOUND, "There is no such resource."),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "That method is not allowed on this resource."),
}


def correlation_id(request: Request) -> str:
    return str(getattr(request.state, "correlation_id", "-"))


def error_response(
    request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": code, "message": message, "correlation_id": correlation_id(request)},
        status_code=status,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


async def on_directory_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DirectoryError)
    status = STATUS_BY_CODE.get(exc.code, 500)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error_response(request, status, exc.code, exc.message, headers)


async def on_invalid_body(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Name the first offending field, never echo its value: it may be a child's name.
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    message = f"The request body is not valid{f' at {where}' if where else ''}."
    return error_response(request, 422, ErrorCode.INVALID_BODY, message)


async def on_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable cid=%s", correlation_id(request))
    return error_response(
        request,
        503,
        ErrorCode.DATABASE_UNAVAILABLE,
        "The directory cannot reach its database just now; nothing was done. Try again.",
    )


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP_ERRORS.get(exc.status_code, ("http_error", "The request was refused."))
    headers = dict(exc.headers or {})  # e.g. Allow on a 405
    return error_response(request, exc.status_code, code, message, headers)


async def on_unstorable_value(request: Request, exc: Exception) -> JSONResponse:
    # The database refused a value the request carried (e.g. a NUL character, which
    # PostgreSQL text cannot hold): the request's fault, and nothing was stored.
    log.info("value refused by the database cid=%s", correlation_id(request))
    return error_response(
        request,
        400,
        ErrorCode.INVALID_VALUE,
        "The request holds a value the directory cannot store.",
    )
