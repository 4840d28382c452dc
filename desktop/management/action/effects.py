"""What the action driver must do after a transition; the Qt layer only executes these."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from desktop.management.action_request import ActionRequest
from desktop.problems import Problem


class ActionState(enum.Enum):
    IDLE = enum.auto()
    LOADING_REASONS = enum.auto()  # the published shield reasons, to place or grant
    ASKING = enum.auto()  # the action's dialog is with the person
    SENDING = enum.auto()  # the directory is doing it; the dialog stays open meanwhile


class ActionEffect(enum.Enum):
    """One side effect, executed in the order a transition lists them."""

    FETCH_REASONS = enum.auto()
    ASK = enum.auto()  # open the dialog for `Transition.request`
    SEND = enum.auto()  # `Transition.draft` to the directory, under the machine's ticket
    CANCEL_REQUEST = enum.auto()  # the answer still to come must arrive nowhere
    CLOSE_DIALOG = enum.auto()
    SHOW_DIALOG_PROBLEM = enum.auto()  # `Transition.problem`, inside the open dialog
    SHOW_DONE = enum.auto()  # `Transition.done`, a sentence naming no child
    REFRESH = enum.auto()  # the lists have changed: poll them now
    SHOW_PROBLEM = enum.auto()  # `Transition.problem`, in the workspace


@dataclass(frozen=True, slots=True)
class ActionTransition:
    """What one event did. An event with no meaning now, or a late answer, comes back with
    `accepted` False, the state unchanged and no effects, never as an exception."""

    event: Any
    previous: ActionState
    state: ActionState
    effects: tuple[ActionEffect, ...] = ()
    accepted: bool = True
    request: ActionRequest | None = None  # with ASK
    draft: Any = None  # with SEND: the Draft submitted
    problem: Problem | None = None  # with SHOW_PROBLEM or SHOW_DIALOG_PROBLEM
    done: str | None = None  # with SHOW_DONE
