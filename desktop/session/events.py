"""What can happen to a session. Events carry identifiers, never secrets.

There is deliberately no PIN anywhere here: PinSubmitted only says that the PIN dialog
now holds one (or the PIN-change dialog the current and the new PIN, desktop.pin_change),
so a PIN can never be logged, stored or replayed through the machine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TokenInserted:
    token_id: str


@dataclass(frozen=True, slots=True)
class TokenRemoved:
    pass


@dataclass(frozen=True, slots=True)
class PinSubmitted:
    pass


@dataclass(frozen=True, slots=True)
class AuthenticationSucceeded:
    user: str
    # Lets the machine drop a late result for a token that has since been swapped.
    token_id: str


@dataclass(frozen=True, slots=True)
class AuthenticationFailed:
    reason: str


@dataclass(frozen=True, slots=True)
class IdleTimeout:
    pass


@dataclass(frozen=True, slots=True)
class OsLocked:
    """The operating system locked the user's session or is going to sleep."""


@dataclass(frozen=True, slots=True)
class DirectorySessionExpired:
    pass


@dataclass(frozen=True, slots=True)
class SignOut:
    pass


@dataclass(frozen=True, slots=True)
class Unlocked:
    """The PIN was verified again with the token the session was opened with."""


Event = (
    TokenInserted
    | TokenRemoved
    | PinSubmitted
    | AuthenticationSucceeded
    | AuthenticationFailed
    | IdleTimeout
    | OsLocked
    | DirectorySessionExpired
    | SignOut
    | Unlocked
)
