"""The six states of a desktop session (DESIGN.md section 4)."""

from __future__ import annotations

import enum


class State(enum.Enum):
    """Where the session is; the machine's docstring says how each is left."""

    NO_TOKEN = enum.auto()
    TOKEN_PRESENT = enum.auto()
    AUTHENTICATING = enum.auto()
    ACTIVE = enum.auto()
    LOCKED = enum.auto()
    SIGNED_OUT = enum.auto()
