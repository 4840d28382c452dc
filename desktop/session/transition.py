"""The result of handing one event to the session machine."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.session.effects import Effect
from desktop.session.events import Event
from desktop.session.states import State


@dataclass(frozen=True, slots=True)
class Transition:
    """What one event did: the new state and the effects the application must now run.

    An event that makes no sense in the current state comes back with `accepted` False,
    the state unchanged and no effects, rather than as an exception: a stray or late GUI
    signal must never be able to break (or advance) the session.
    """

    event: Event
    previous: State
    state: State
    effects: tuple[Effect, ...] = ()
    accepted: bool = True
    # Set when the event passed through a state on its way: a different token signs the
    # first user out (SIGNED_OUT) and then waits for the new token's PIN (TOKEN_PRESENT).
    via: State | None = None
    # Why authentication failed, for the user; only on an accepted AuthenticationFailed.
    failure: str | None = None
    # Observers that raised; caught so that the caller still receives the effects (a
    # broken observer must not stop the windows being hidden).
    observer_errors: tuple[Exception, ...] = ()

    @property
    def changed(self) -> bool:
        return self.previous is not self.state or self.via is not None
