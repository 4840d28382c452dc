"""Pure ASGI middleware: correlation ids, the access log, and the request guards.

Pure ASGI rather than Starlette's BaseHTTPMiddleware, which costs a task and a memory copy
per request on the directory's hottest path.

* Correlation id: taken from a well-formed X-Correlation-ID request header (so the client's
  and the directory's logs meet) or made here; echoed on every response and logged.
* Access log: method, route template (never the raw path), status, duration, correlation
  id. No query strings, bodies or identifiers.
* Request log (directory.request_log): the same, with the refusal's error code and the
  signed-in user's organisation and roles, handed to `record` on a worker thread after the
  response has been sent, so the caller never waits for it and a failed write fails nothing.
* Guards: bodies over MAX_BODY bytes get 413 and request bodies that are not JSON get 415,
  before any handler or parser sees them.
* Last resort: any exception that reaches here is answered 500 in the error shape (if no
  response has started) and logged as its class and the correlation id only. It is not
  raised further: Starlette's ServerErrorMiddleware and uvicorn would log its traceback,
  whose frames can hold request data.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread

from contract.codes import ErrorCode
from contract.support_shapes import CORRELATION_ID
from directory.request_log import RequestEntry

log = logging.getLogger("contactpoint.directory.access")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADER = b"x-correlation-id"
MAX_BODY = 64 * 1024
_WELL_FORMED = re.compile(CORRELATION_ID.pattern.encode())
# An error body is a few hundred bytes; this much is kept to read its code.
_ERROR_BODY_KEPT = 4096
_BODY_METHODS = {"POST", "PUT", "PATCH"}
INTERNAL_ERROR = (
    "Something went wrong in the directory. The helpdesk can trace it with the correlation id."
)


class _TooLarge(Exception):
    pass


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


class RequestGuard:
    def __init__(
        self,
        app: ASGIApp,
        record: Callable[[RequestEntry], None] | None = None,
        unlogged: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.record = record
        self.unlogged = unlogged  # route templates the request log skips (health probes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, HEADER)
        cid = given.decode() if given and _WELL_FORMED.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["correlation_id"] = cid
        started = time.perf_counter()
        status = 500
        responded = False
        error_body = b""

        async def send_with_id(message: Message) -> None:
            nonlocal status, responded, error_body
            if message["type"] == "http.response.start":
                status = message["status"]
                responded = True
                message["headers"] = [*message.get("headers", []), (HEADER, cid.encode())]
            elif status >= 400 and len(error_body) < _ERROR_BODY_KEPT:
                error_body += message.get("body", b"")
            await send(message)

        try:
            refusal = self._refusal(scope)
            # No early return: the request log is written after this block.
            if refusal is not None:
                await _reply(send_with_id, cid, *refusal)
            else:
                await self.app(scope, _limited(receive), send_with_id)
        except _TooLarge:
            await _reply(
                send_with_id, cid, 413, ErrorCode.TOO_LARGE, "The request body is too large."
            )
        except Exception as exc:  # the last resort: see the module docstring
            log.error("unexpected %s cid=%s", type(exc).__name__, cid)
            if not responded:
                await _reply(send_with_id, cid, 500, ErrorCode.INTERNAL_ERROR, INTERNAL_ERROR)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "(unmatched)")
            duration_ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms cid=%s", scope["method"], template, status, duration_ms, cid)
        if self.record is not None and template not in self.unlogged:
            entry = RequestEntry(
                correlation_id=cid,
                method=scope["method"],
                route=template,
                status=status,
                error=_error_code(error_body) if status >= 400 else None,
                duration_ms=duration_ms,
                viewer=scope["state"].get("viewer"),  # set by directory.api.session
            )
            # After the response: the caller has its answer; the write waits for a thread.
            await anyio.to_thread.run_sync(self.record, entry)

    @staticmethod
    def _refusal(scope: Scope) -> tuple[int, str, str] | None:
        if scope["method"] not in _BODY_METHODS:
            return None
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY:
            return 413, ErrorCode.TOO_LARGE, "The request body is too large."
        content_type = (_header(scope, b"content-type") or b"").split(b";")[0].strip()
        if length not in (None, b"0") and content_type.lower() != b"application/json":
            return (
                415,
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as application/json.",
            )
        return None


def _error_code(body: bytes) -> str | None:
    """The `error` of a refusal in the error shape; None for a body of any other shape."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    code = parsed.get("error") if isinstance(parsed, dict) else None
    return code if isinstance(code, str) else None


def _limited(receive: Receive) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY:  # a chunked body that did not declare its length
            raise _TooLarge
        return message

    return wrapped


async def _reply(send: Send, cid: str, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": code, "message": message, "correlation_id": cid}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"cache-control", b"no-store"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
