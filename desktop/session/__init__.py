"""The desktop session state machine (DESIGN.md section 4), pure Python and headless.

The transition table is in `desktop.session.machine`'s docstring.
"""

from __future__ import annotations

from desktop.session.effects import Effect
from desktop.session.events import (
    AuthenticationFailed,
    AuthenticationSucceeded,
    DirectorySessionExpired,
    Event,
    IdleTimeout,
    OsLocked,
    PinSubmitted,
    SignOut,
    TokenInserted,
    TokenRemoved,
    Unlocked,
)
from desktop.session.machine import SessionMachine
from desktop.session.states import State
from desktop.session.transition import Transition

__all__ = [
    "AuthenticationFailed",
    "AuthenticationSucceeded",
    "DirectorySessionExpired",
    "Effect",
    "Event",
    "IdleTimeout",
    "OsLocked",
    "PinSubmitted",
    "SessionMachine",
    "SignOut",
    "State",
    "TokenInserted",
    "TokenRemoved",
    "Transition",
    "Unlocked",
]
