"""One workspace action at a time: a headless machine (the table is in
`desktop.management.action.machine`'s docstring), driven by desktop.management.flow."""

from __future__ import annotations

from desktop.management.action.effects import ActionEffect, ActionState, ActionTransition
from desktop.management.action.events import (
    Act,
    ActionEvent,
    Cancelled,
    Done,
    Draft,
    ReasonsLoaded,
    ReasonsUnavailable,
    Refused,
    Result,
    Stopped,
    Submitted,
)
from desktop.management.action.machine import ActionMachine, correctable, needs_reasons
from desktop.management.action.picked import Item, act_for

__all__ = [
    "Act",
    "ActionEffect",
    "ActionEvent",
    "ActionMachine",
    "ActionState",
    "ActionTransition",
    "Cancelled",
    "Done",
    "Draft",
    "Item",
    "ReasonsLoaded",
    "ReasonsUnavailable",
    "Refused",
    "Result",
    "Stopped",
    "Submitted",
    "act_for",
    "correctable",
    "needs_reasons",
]
