"""What the controller says to the person: card prompts, why a session locked or ended,
and the refusals of directory work it makes itself.

Kept apart from the code that decides when to say them, so that the wording can be read
(and reviewed) in one place; the ui and the tests import them from here, the one path to
each. None of these sentences carries personal data: they are shown and may be logged.
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


# Why the directory refused a sign-in, or ended a session, by the code it answers with once
# the card has signed (DESIGN.md 3.7: before that, every refusal looks the same). Mapped
# from the code, never from the directory's sentence, so that its wording may change.
SIGN_IN_REFUSED = {
    "not_enrolled": "This card is not enrolled in ContactPoint: contact your administrator.",
    "account_suspended": "Your account is suspended: contact your administrator.",
    "account_locked": (
        "Your account is locked after repeated failed sign-ins: try again later, or contact "
        "your administrator."
    ),
    "certificate_expired": (
        "This card's certificate has expired: ask your registration authority for a new card."
    ),
    "certificate_not_yet_valid": (
        "This card's certificate is not valid yet: ask your registration authority."
    ),
    "certificate_revoked": (
        "This card's certificate has been revoked: ask your registration authority."
    ),
    "certificate_untrusted": (
        "The directory does not accept this card's certificate: ask your registration authority."
    ),
}


def refused_sign_in(code: str | None, correlation_id: str | None) -> str | None:
    """The sentence for a sign-in refusal code (with the reference to quote), else None."""
    sentence = SIGN_IN_REFUSED.get(code or "")
    if sentence is None:
        return None
    return f"{sentence} (reference {correlation_id})" if correlation_id else sentence


def signed_out_by_directory(problem: Problem) -> str:
    why = refused_sign_in(problem.code, problem.correlation_id) or problem.text
    return f"You were signed out by the directory. {why}"


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
