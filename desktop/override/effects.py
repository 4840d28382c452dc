"""What the override driver must do after a transition; the Qt layer only executes these."""

from __future__ import annotations

import enum


class Effect(enum.Enum):
    """One side effect, executed in the order a transition lists them.

    Every question (FETCH_REASONS, READ_PIN_STATE, ASK_FOR_JUSTIFICATION, SEND_OVERRIDE)
    is asked under the machine's current ticket, and only an answer carrying that ticket
    is believed: see `desktop.override.machine`.
    """

    FETCH_REASONS = enum.auto()
    READ_PIN_STATE = enum.auto()
    ASK_FOR_JUSTIFICATION = enum.auto()
    CLOSE_DIALOG = enum.auto()
    # Hands the draft the person has just submitted to the card and the directory. Only
    # JustificationSubmitted produces it, so a PIN is never sent twice or kept for a retry;
    # a draft that does not lead to it is wiped by the driver at once.
    SEND_OVERRIDE = enum.auto()
    # Drops the outstanding answer from the controller: it must arrive nowhere.
    CANCEL_REQUEST = enum.auto()
    SHOW_FULL_VIEW = enum.auto()
    SHOW_PROBLEM = enum.auto()
