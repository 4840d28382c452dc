"""The override state machine: every event in every state, decided in one place.

Pure Python, no Qt and no I/O: the driver (`desktop.override.flow`) feeds it the person's
requests, the controller's answers and the session's end, and executes the effects it
returns. It holds the record's ContactPoint ID, the published reasons and rule and the PIN
prompt; never a PIN, a justification or a record.

Every question is asked under a ticket, and the ticket changes on every accepted
transition: an answer (`t`) counts only if it carries the current ticket, so an answer to
an earlier question, to an override already cancelled or to a session since locked is
late, and is ignored (a dash below), whatever it says.

State            Event                              Next             Effects
---------------  ---------------------------------  ---------------  ----------------------
IDLE             Start(cp_id)                       LOADING_REASONS  FETCH_REASONS
IDLE             anything else                      -
LOADING_REASONS  ReasonsLoaded(t)                   READING_PIN      READ_PIN_STATE
LOADING_REASONS  ReasonsUnavailable(t, why)         IDLE             SHOW_PROBLEM
READING_PIN      PinStateRead(t, prompt)            JUSTIFYING       ASK_FOR_JUSTIFICATION
READING_PIN      PinStateUnreadable(t, why)         IDLE             SHOW_PROBLEM
JUSTIFYING       JustificationSubmitted(t),         REQUESTING       CLOSE_DIALOG,
                 the card can take a PIN                             SEND_OVERRIDE
JUSTIFYING       JustificationSubmitted(t),         -                (the draft is wiped)
                 the card's PIN is locked
JUSTIFYING       Cancelled(t)                       IDLE             CLOSE_DIALOG
REQUESTING       OverrideGranted(t)                 IDLE             SHOW_FULL_VIEW
REQUESTING       OverrideRefused(t, why),           READING_PIN      READ_PIN_STATE
                 the card refused (wrong PIN ...)                    (`why` goes in the prompt)
REQUESTING       OverrideRefused(t, why),           IDLE             SHOW_PROBLEM
                 the directory refused or is
                 unreachable
LOADING_REASONS, Cancelled(t)                       IDLE             CANCEL_REQUEST
READING_PIN,
REQUESTING
JUSTIFYING       CardRemoved, SessionLocked,        IDLE             CLOSE_DIALOG
                 SignedOut
other than IDLE  CardRemoved, SessionLocked,        IDLE             CANCEL_REQUEST
                 SignedOut
any              an answer with another ticket      -                (late)
not IDLE         Start                              -                (one override at a time)

Why these choices:
* SHOW_FULL_VIEW comes only from REQUESTING, which only an accepted JustificationSubmitted
  enters, and only for the answer to that very request: a record that arrives after a
  cancel, a lock, a sign-out or a pulled card finds the machine in another state or under
  another ticket, and is dropped by the driver without being shown.
* A refusal by the card (a wrong PIN; a PIN locked by that attempt) asks the person again,
  with the card's PIN state read afresh and the sentence of the failure above the PIN
  field: never the PIN again by itself. If the card is now locked, the dialog says so and
  can only be cancelled, as at the first prompt.
* The directory's refusals (403, 404, 409, 429, a sign-in the override needed) and its
  absence end the override with the directory's sentence and reference: trying again
  would say the same. A directory that ends the session is a sign-out, not a refusal.
* The end of the session (lock, sign-out, card pulled) ends the override silently: the
  lock screen says why, and nothing about the child may stay on screen.
* A second Start while one override is under way is ignored: at most one question is
  outstanding, so at most one request is in flight.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.login import PinPrompt
from desktop.override.effects import Effect
from desktop.override.events import (
    Answer,
    Cancelled,
    CardRemoved,
    Event,
    JustificationSubmitted,
    OverrideGranted,
    OverrideRefused,
    PinStateRead,
    PinStateUnreadable,
    ReasonsLoaded,
    ReasonsUnavailable,
    SessionLocked,
    SignedOut,
    Start,
)
from desktop.override.states import State
from desktop.override.transition import Transition
from desktop.problems import Problem, ProblemKind
from desktop.requests import JustificationRule, OverrideReason

# Waiting for the controller (not the person): an abort drops its answer.
_ASKING_THE_CONTROLLER = frozenset({State.LOADING_REASONS, State.READING_PIN, State.REQUESTING})


class OverrideMachine:
    """One override at a time for one session window. `handle` never raises."""

    def __init__(self) -> None:
        self._state = State.IDLE
        self._ticket = 0
        self._cp_id: str | None = None
        self._reasons: tuple[OverrideReason, ...] = ()
        self._rule: JustificationRule | None = None
        self._prompt: PinPrompt | None = None
        # The card's sentence for the last attempt, shown with the next prompt.
        self._failure: str | None = None

    @property
    def state(self) -> State:
        return self._state

    @property
    def ticket(self) -> int:
        """The ticket an answer to the question now outstanding must carry."""
        return self._ticket

    @property
    def cp_id(self) -> str | None:
        """The record being overridden; None in IDLE."""
        return self._cp_id

    @property
    def reasons(self) -> tuple[OverrideReason, ...]:
        return self._reasons

    @property
    def rule(self) -> JustificationRule | None:
        return self._rule

    @property
    def prompt(self) -> PinPrompt | None:
        """The PIN prompt for the dialog, with the last attempt's failure; JUSTIFYING only."""
        return self._prompt

    def handle(self, event: Event) -> Transition:
        match event:
            case CardRemoved() | SessionLocked() | SignedOut():
                return self._abort(event)
            case Start(cp_id=cp_id) if self._state is State.IDLE:
                self._cp_id = cp_id
                return self._move(event, State.LOADING_REASONS, Effect.FETCH_REASONS)
            case Start():
                return self._ignore(event)
            case _ if event.ticket != self._ticket:
                return self._ignore(event)  # late: an answer to an earlier question
            case Cancelled():
                return self._abort(event)
        match self._state:
            case State.LOADING_REASONS:
                return self._loading_reasons(event)
            case State.READING_PIN:
                return self._reading_pin(event)
            case State.JUSTIFYING:
                return self._justifying(event)
            case State.REQUESTING:
                return self._requesting(event)
        return self._ignore(event)

    # -- dispatch of answers, one method per state ----------------------------------------

    def _loading_reasons(self, event: Answer) -> Transition:
        match event:
            case ReasonsLoaded(reasons=reasons, rule=rule):
                self._reasons, self._rule = reasons, rule
                return self._move(event, State.READING_PIN, Effect.READ_PIN_STATE)
            case ReasonsUnavailable(problem=problem):
                return self._end(event, Effect.SHOW_PROBLEM, problem=problem)
        return self._ignore(event)

    def _reading_pin(self, event: Answer) -> Transition:
        match event:
            case PinStateRead(prompt=prompt):
                self._prompt = replace(prompt, failure=self._failure)
                return self._move(event, State.JUSTIFYING, Effect.ASK_FOR_JUSTIFICATION)
            case PinStateUnreadable(problem=problem):
                return self._end(event, Effect.SHOW_PROBLEM, problem=problem)
        return self._ignore(event)

    def _justifying(self, event: Answer) -> Transition:
        if not isinstance(event, JustificationSubmitted):
            return self._ignore(event)
        if self._prompt is None or not self._prompt.can_submit:
            return self._ignore(event)  # its button is disabled: a stray signal
        self._prompt = self._failure = None
        return self._move(event, State.REQUESTING, Effect.CLOSE_DIALOG, Effect.SEND_OVERRIDE)

    def _requesting(self, event: Answer) -> Transition:
        match event:
            case OverrideGranted():
                return self._end(event, Effect.SHOW_FULL_VIEW)
            case OverrideRefused(problem=problem) if problem.kind is ProblemKind.TOKEN:
                self._failure = problem.text
                return self._move(event, State.READING_PIN, Effect.READ_PIN_STATE)
            case OverrideRefused(problem=problem):
                return self._end(event, Effect.SHOW_PROBLEM, problem=problem)
        return self._ignore(event)

    # -- building blocks ------------------------------------------------------------------

    def _abort(self, event: Event) -> Transition:
        """The person gave up, or the session ended: drop whatever is outstanding."""
        if self._state is State.IDLE:
            return self._ignore(event)
        if self._state in _ASKING_THE_CONTROLLER:
            return self._end(event, Effect.CANCEL_REQUEST)
        return self._end(event, Effect.CLOSE_DIALOG)

    def _end(self, event: Event, *effects: Effect, problem: Problem | None = None) -> Transition:
        self._cp_id, self._reasons, self._rule = None, (), None
        self._prompt = self._failure = None
        return self._move(event, State.IDLE, *effects, problem=problem)

    def _move(
        self, event: Event, state: State, *effects: Effect, problem: Problem | None = None
    ) -> Transition:
        previous = self._state
        self._state = state
        self._ticket += 1
        return Transition(
            event=event, previous=previous, state=state, effects=effects, problem=problem
        )

    def _ignore(self, event: Event) -> Transition:
        return Transition(event=event, previous=self._state, state=self._state, accepted=False)
