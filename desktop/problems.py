"""What went wrong, in words for the person at the desk, with the reference to quote.

Every failure of directory or token work reaches the ui as a Problem: a sentence from the
directory or the token layer (they never carry personal data or secrets) and the
correlation id the helpdesk needs (DESIGN.md 4, "Error messages carry the correlation id").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from smartcard import TokenError
from sync import DirectoryRefused, DirectoryUnreachable, MalformedResponse, SyncError


class ProblemKind(enum.Enum):
    UNREACHABLE = "unreachable"  # no answer: the directory state shows it too
    REFUSED = "refused"  # the directory answered no (rules, criteria, limits)
    MALFORMED = "malformed"  # the answer was not of the documented shape
    TOKEN = "token"  # noqa: S105 - the card, its reader or its PIN; not a secret
    INTERNAL = "internal"  # a defect here; the message says only that


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    message: str
    correlation_id: str | None = None
    code: str | None = None  # the directory's error code, for refusals

    @property
    def text(self) -> str:
        if self.correlation_id:
            return f"{self.message} (reference {self.correlation_id})"
        return self.message

    @classmethod
    def of(cls, error: Exception) -> Problem:
        if isinstance(error, DirectoryUnreachable):
            return cls(ProblemKind.UNREACHABLE, str(error))
        if isinstance(error, DirectoryRefused):
            return cls(ProblemKind.REFUSED, error.message, error.correlation_id, error.code)
        if isinstance(error, MalformedResponse):
            return cls(ProblemKind.MALFORMED, str(error), error.correlation_id)
        if isinstance(error, SyncError | TokenError):
            kind = ProblemKind.TOKEN if isinstance(error, TokenError) else ProblemKind.REFUSED
            return cls(kind, str(error))
        # Not a message we wrote: it might hold anything, so it is not shown or logged.
        return cls(ProblemKind.INTERNAL, "Something went wrong in ContactPoint itself.")
