"""What the application must do after a transition; the Qt layer only executes these."""

from __future__ import annotations

import enum


class Effect(enum.Enum):
    """One side effect, executed in the order a transition lists them.

    Every effect is idempotent, so a teardown repeated on the way from LOCKED to
    SIGNED_OUT is harmless and the machine never has to know what was already done.
    """

    ASK_FOR_TOKEN = enum.auto()
    ASK_FOR_PIN = enum.auto()
    # The PIN dialog holds the PIN; it, not the machine, hands it to the token. These two
    # effects are the only way a PIN is ever used, and only PinSubmitted produces them,
    # which is what keeps a PIN from being retried automatically.
    AUTHENTICATE = enum.auto()
    VERIFY_PIN = enum.auto()
    SHOW_MAIN_WINDOW = enum.auto()
    HIDE_ALL_WINDOWS = enum.auto()
    CLEAR_RECORD_VIEWS = enum.auto()
    WIPE_CACHE_KEY = enum.auto()
    END_DIRECTORY_SESSION = enum.auto()
