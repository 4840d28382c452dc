"""Where a shield override stands (issue 10); the machine's docstring says how each is left."""

from __future__ import annotations

import enum


class State(enum.Enum):
    """One override at a time: IDLE between them, one question outstanding in the others."""

    IDLE = enum.auto()
    LOADING_REASONS = enum.auto()  # the directory's reasons and justification rule
    READING_PIN = enum.auto()  # the session card's PIN state, read fresh
    JUSTIFYING = enum.auto()  # the justification dialog is with the person
    REQUESTING = enum.auto()  # the card re-authenticates, then the directory answers
