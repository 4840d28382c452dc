"""The directory's login policy, passed by the caller to every authentication call.

There is no process-wide default: the API, the CLI and the tests each build the Policy they
run under, so two directories in one process (tests, the training launcher) cannot leak
settings into each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CHALLENGES_PER_ADDRESS_PER_MINUTE = 30


@dataclass(frozen=True, slots=True)
class Policy:
    # Whether every user must also give a password (the fourth factor, DESIGN.md 3.7). A user
    # enrolled with a password must give it whatever this says (see directory.auth.sessions).
    password_required: bool
    max_failures: int = 5
    lockout_minutes: int = 15
    challenge_seconds: int = 60
    idle_minutes: int = 15
    absolute_hours: int = 8
    # Challenges one certificate may obtain per minute, counted in the database so that the
    # limit holds across every API worker.
    challenges_per_minute: int = 10
    # Challenges one client address may obtain per minute, whatever the certificates: a
    # flood of made-up certificates from one place is refused after this many.
    challenges_per_address_per_minute: int = CHALLENGES_PER_ADDRESS_PER_MINUTE

    def __post_init__(self) -> None:
        for name in (
            "max_failures",
            "lockout_minutes",
            "challenge_seconds",
            "idle_minutes",
            "absolute_hours",
            "challenges_per_minute",
            "challenges_per_address_per_minute",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"Policy.{name} must be at least 1.")

    @property
    def lockout(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.lockout_minutes)

    @property
    def challenge_lifetime(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.challenge_seconds)

    @property
    def idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.idle_minutes)

    @property
    def absolute(self) -> dt.timedelta:
        return dt.timedelta(hours=self.absolute_hours)
