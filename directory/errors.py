"""The directory's one error hierarchy.

    DirectoryError                 anything the directory refuses or cannot do
    ├── InvalidCriteria            a search the rules refuse (400): says what to add or fix
    ├── InvalidIdentifier          a ContactPoint ID that is malformed or fails its check digit
    ├── InvalidRequest             a well-formed request the rules refuse (422): says what is needed
    ├── NotFound                   unknown, or not visible to this viewer (404: the same answer)
    ├── NotAllowed                 the viewer's roles do not permit this (403)
    ├── Conflict                   the request contradicts the stored state (409)
    ├── AuditFailure               the audit row could not be written; the work is rolled back
    ├── PolicyViolation            retention or shield policy forbids the change
    ├── AuthenticationFailed       no valid session, or a login or re-authentication refused (401);
    │   │                          `reason` is a stable code for the audit log, never shown
    │   ├── PasswordRequired       the signature was good; the account also needs its password
    │   └── SignInRefused          the signature was good; the account or certificate may not
    │                              sign in, and its own code says why (SIGN_IN_REFUSALS)
    ├── RateLimited                too many requests in a short time; try again shortly (429)
    └── InvalidEnrolment           a user or certificate the enrolment rules refuse (422)

Every message is a sentence a practitioner can act on and never contains personal data,
so that it may be logged and shown as it is.
"""

from __future__ import annotations

from contract.codes import ErrorCode, SignInRefusal


class DirectoryError(Exception):
    """Base class. `code` is the stable machine-readable name used on the wire."""

    code = "directory_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidCriteria(DirectoryError):
    code: str = ErrorCode.INVALID_CRITERIA


class InvalidIdentifier(DirectoryError):
    code: str = ErrorCode.INVALID_IDENTIFIER


class InvalidRequest(DirectoryError):
    """E.g. an override reason that is not on the published list, or a justification too
    short to mean anything; the message says what the rule asks for."""

    code: str = ErrorCode.INVALID_REQUEST


class NotFound(DirectoryError):
    code: str = ErrorCode.NOT_FOUND


class NotAllowed(DirectoryError):
    code: str = ErrorCode.NOT_ALLOWED


class Conflict(DirectoryError):
    code: str = ErrorCode.CONFLICT


class AuditFailure(DirectoryError):
    code: str = ErrorCode.AUDIT_FAILURE


class PolicyViolation(DirectoryError):
    code: str = ErrorCode.POLICY_VIOLATION


class AuthenticationFailed(DirectoryError):
    code: str = ErrorCode.AUTHENTICATION_FAILED

    def __init__(self, message: str, reason: str = "unauthenticated") -> None:
        super().__init__(message)
        # A stable machine code (e.g. "bad_signature") for the audit row and the logs; the
        # API answers with `code` and `message` only, so a caller learns no more than the
        # message says.
        self.reason = reason


class PasswordRequired(AuthenticationFailed):
    """The token's signature was good and the account also needs its password.

    A code of its own so that a client can ask for the password without parsing a
    sentence; it tells nothing to anyone who has not just proved they hold the card.
    """

    code: str = ErrorCode.PASSWORD_REQUIRED

    def __init__(self, message: str) -> None:
        super().__init__(message, "password_missing")


# The codes SignInRefused answers with, each 401 (contract.codes.SignInRefusal). They are
# sent only to a caller whose token has just signed the challenge: before that, every
# refusal looks like success.
SIGN_IN_REFUSALS = tuple(SignInRefusal)


class SignInRefused(AuthenticationFailed):
    """The token proved possession of the certificate's key, and the sign-in is refused.

    Its `code` (one of SIGN_IN_REFUSALS) tells the client why, so that it can say "your
    account is suspended" without parsing a sentence; `reason` keeps the finer audit code.
    """

    def __init__(self, message: str, reason: str, code: str) -> None:
        if code not in SIGN_IN_REFUSALS:
            raise ValueError(f"Not a sign-in refusal code: {code}")
        super().__init__(message, reason)
        self.code = code


class RateLimited(DirectoryError):
    code: str = ErrorCode.RATE_LIMITED


class InvalidEnrolment(DirectoryError):
    code: str = ErrorCode.INVALID_ENROLMENT
