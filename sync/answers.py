"""Reading the directory's answers for sync.client: a body as JSON, a refusal as the
SyncError its status names, a transport failure as the reason a person can be told."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

from contract.reader import Reader, ShapeError
from sync.errors import (
    REFUSAL_BY_STATUS,
    DirectoryRefused,
    MalformedResponse,
    TooMany,
    UnreachableReason,
)

if TYPE_CHECKING:
    import httpx

CORRELATION_HEADER = "X-Correlation-ID"


def unreachable_reason(exc: httpx.TransportError) -> UnreachableReason:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    cause: BaseException | None = exc
    while cause is not None:
        # httpx wraps httpcore's error, which wraps the ssl module's.
        if isinstance(cause, ssl.SSLError):
            return "tls"
        cause = cause.__cause__ or cause.__context__
    return "connect" if isinstance(exc, httpx.ConnectError) else "network"


def read_json(response: httpx.Response, correlation_id: str | None) -> Any:
    try:
        return response.json()
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        raise MalformedResponse(
            "The directory's answer could not be read (not JSON). Tell the helpdesk.",
            status=response.status_code,
            correlation_id=correlation_id,
        ) from None


def refusal_of(response: httpx.Response) -> DirectoryRefused | MalformedResponse:
    header_id = response.headers.get(CORRELATION_HEADER)
    try:
        body = read_json(response, header_id)
    except MalformedResponse as exc:
        return exc
    try:
        r = Reader(body, "refusal")
        code, message, correlation_id = (r.text(f) for f in ("error", "message", "correlation_id"))
    except ShapeError:
        return MalformedResponse(
            f"The directory refused (status {response.status_code}) in an unexpected form. "
            "Tell the helpdesk.",
            status=response.status_code,
            correlation_id=header_id,
        )
    status = response.status_code
    kind = REFUSAL_BY_STATUS.get(status, DirectoryRefused)
    if kind is TooMany:
        retry_after = response.headers.get("Retry-After", "")
        seconds = float(retry_after) if retry_after.isdigit() else None
        return TooMany(code, message, correlation_id, status, seconds)
    return kind(code, message, correlation_id, status)
