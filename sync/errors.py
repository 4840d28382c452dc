"""Every way a directory call can fail, as one hierarchy (DESIGN.md 3.6):

    SyncError
    ├── DirectoryUnreachable      no answer: connect, TLS, timeout, connection lost
    ├── MalformedResponse         an answer that is not the documented JSON
    └── DirectoryRefused          a documented refusal {error, message, correlation_id}
        ├── BadRequest            400 / 422: the message says what to change
        ├── NotSignedIn           401: no session, expired or revoked; or login refused
        ├── Forbidden             403: the role does not permit it
        ├── NotFoundOrHidden      404: unknown, or not visible (one answer for both)
        └── TooMany               429: too many requests; retry_after seconds if given

Other refusals (409, 413, 415, 5xx) are plain DirectoryRefused with their status.
Messages are sentences a person can act on and never hold personal data: the directory's
own messages are shown as they are, and the correlation id is what the helpdesk traces.
"""

from __future__ import annotations

from typing import Literal

UnreachableReason = Literal["connect", "tls", "timeout", "network"]

_UNREACHABLE: dict[UnreachableReason, str] = {
    "connect": (
        "The directory cannot be reached. Check the network connection; "
        "if it persists, tell the helpdesk."
    ),
    "tls": (
        "The directory's identity could not be verified, so nothing was sent. "
        "Tell the helpdesk: the certificate bundle or this computer's clock may be wrong."
    ),
    "timeout": "The directory did not answer in time. Check the network connection and try again.",
    "network": "The connection to the directory was lost before it answered. Try again.",
}


class SyncError(Exception):
    """Base class: a call to the directory did not give the answer asked for."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DirectoryUnreachable(SyncError):
    """No answer from the directory; `reason` says which part failed."""

    def __init__(self, reason: UnreachableReason) -> None:
        super().__init__(_UNREACHABLE[reason])
        self.reason: UnreachableReason = reason


class MalformedResponse(SyncError):
    """The directory (or something in between) answered with something not documented."""

    def __init__(self, message: str, *, status: int, correlation_id: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.correlation_id = correlation_id


class DirectoryRefused(SyncError):
    """The directory refused, saying why: its code, its sentence and the correlation id.

    `correlation_id` is None only when the client refused locally without asking (for
    example a call that needs a session before any login).
    """

    def __init__(
        self, code: str, message: str, correlation_id: str | None, status: int | None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.correlation_id = correlation_id
        self.status = status

    def __str__(self) -> str:
        # The helpdesk needs the correlation id with every error message (DESIGN.md 4).
        if self.correlation_id is None:
            return self.message
        return f"{self.message} (reference {self.correlation_id})"


class BadRequest(DirectoryRefused):
    """400 or 422: the request was understood but refused; the message says what to change."""


class NotSignedIn(DirectoryRefused):
    """401: no valid session (never opened, expired, revoked), or the login was refused."""


class Forbidden(DirectoryRefused):
    """403: the signed-in user's role does not permit this."""


class NotFoundOrHidden(DirectoryRefused):
    """404: the record is unknown or not visible to this user; the directory never says which."""


class TooMany(DirectoryRefused):
    """429: too many requests in a short time."""

    def __init__(
        self,
        code: str,
        message: str,
        correlation_id: str | None,
        status: int | None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(code, message, correlation_id, status)
        self.retry_after = retry_after


REFUSAL_BY_STATUS: dict[int, type[DirectoryRefused]] = {
    400: BadRequest,
    401: NotSignedIn,
    403: Forbidden,
    404: NotFoundOrHidden,
    422: BadRequest,
    429: TooMany,
}
