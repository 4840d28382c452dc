"""What the controller says to the person: card prompts, why a session locked or ended,
and the refusals of directory work it makes itself.

Kept apart from the code that decides when to say them, so that the wording can be read
(and reviewed) in one place. desktop.controller re-exports the names the ui and the tests
use. None of these sentences carries personal data: they are shown and may be logged.
"""

from __future__ import annotations

from desktop.problems import Problem, ProblemKind
from desktop.session import (
    DirectorySessionExpired,
    Event,
    IdleTimeout,
    OsLocked,
    SignOut,
    TokenInserted,
    TokenRemoved,
)

INSERT_CARD = "Insert your smartcard"
INSERT_CARD_AGAIN = "Card removed: insert it to continue"
CARD_REMOVED = "The card was removed."
INACTIVE = "Locked after a period without use."
USER_LOCKED = "You locked ContactPoint."
USER_SIGNED_OUT = "You signed out."
OTHER_CARD = "A different card was inserted, so the previous session was ended."
NOT_ACTIVE = Problem(
    ProblemKind.REFUSED,
    "ContactPoint is locked or signed out: sign in to continue.",
    code="not_active",
)
BAD_MODE = Problem(ProblemKind.REFUSED, "A search is exact or fuzzy.", code="bad_mode")
BAD_RULES = Problem(
    ProblemKind.MALFORMED,
    "The directory's override reasons could not be read. Tell the helpdesk.",
)


def os_locked(reason: str) -> str:
    """Why the session locked when the computer did; `reason` comes from the OS monitor."""
    return f"Locked because {reason}."


def signed_out_by_directory(problem: Problem) -> str:
    return f"You were signed out by the directory. {problem.text}"


def unreadable_card(detail: str) -> str:
    """The card prompt when its PIN state could not be read; `detail` says what failed."""
    return f"The card could not be read. {detail} Take it out and insert it again."


def reason_for(event: Event, os_reason: str, expiry_reason: str) -> str:
    """Why the session locked or ended on `event`.

    The OS lock and the directory's sign-out carry words that only the moment knows (which
    lock, which refusal): the controller keeps those and passes them in.
    """
    match event:
        case TokenRemoved():
            return CARD_REMOVED
        case IdleTimeout():
            return INACTIVE
        case OsLocked():
            return os_reason
        case SignOut():
            return USER_SIGNED_OUT
        case DirectorySessionExpired():
            return expiry_reason
        case TokenInserted():
            return OTHER_CARD
    return "Locked."
