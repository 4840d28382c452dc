"""The result of handing one event to the override machine."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.override.effects import Effect
from desktop.override.events import Event
from desktop.override.states import State
from desktop.problems import Problem


@dataclass(frozen=True, slots=True)
class Transition:
    """What one event did: the new state and the effects the driver must now run.

    An event that makes no sense in the current state (or answers an earlier question)
    comes back with `accepted` False, the state unchanged and no effects, rather than as
    an exception: a late answer or a stray signal must never break or advance the flow.
    """

    event: Event
    previous: State
    state: State
    effects: tuple[Effect, ...] = ()
    accepted: bool = True
    # What to tell the person; set exactly when SHOW_PROBLEM is among the effects.
    problem: Problem | None = None
