"""The PIN change (issue 12): a card that insists before sign-in, or the person's choice
from the session header. The flow (pure) decides, the driver runs it on the card's worker,
and every sentence is in desktop.pin_change.request."""

from __future__ import annotations

from desktop.pin_change.flow import Ask, Change, PinChangeFlow, Stage
from desktop.pin_change.request import PinChangeRequest, change_failure, problem_with

__all__ = [
    "Ask",
    "Change",
    "PinChangeFlow",
    "PinChangeRequest",
    "Stage",
    "change_failure",
    "problem_with",
]
