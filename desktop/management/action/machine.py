"""One workspace action at a time: an alert's step, a request's decision, a shield's step.

Pure Python, no Qt and no I/O: the driver (desktop.management.flow) feeds it the person's
picks, the dialog's drafts, the directory's answers and the session's end, and executes the
effects it returns. It holds the action asked for (an ActionRequest once its dialog is
open); a draft passes through it to SEND and is not kept.

Two kinds of ticket, from one counter so that they never meet: every question to the
directory (the reasons, the action itself) has its own (`ticket`, `t` below), and the
dialog has one for as long as it is open (`dialog_ticket`, `d`), which the ActionRequest
carries and the dialog's answers must carry back; the dialog keeps it across a refusal it
can correct, so the person fixes the note and submits again from the same dialog.

State            Event                                 Next             Effects
---------------  ------------------------------------  ---------------  -------------------
IDLE             Act(place a shield, grant a request)  LOADING_REASONS  FETCH_REASONS
IDLE             Act(any other action)                 ASKING           ASK
LOADING_REASONS  ReasonsLoaded(t, reasons)             ASKING           ASK (with reasons)
LOADING_REASONS  ReasonsUnavailable(t, why)            IDLE             SHOW_PROBLEM
ASKING           Submitted(d, draft), draft fits       SENDING          SEND
ASKING           Submitted(d, draft), does not fit     -                (a stray signal)
SENDING          Done(t, result)                       IDLE             CLOSE_DIALOG,
                                                                        SHOW_DONE, REFRESH
SENDING          Refused(t, why), the directory's      ASKING           SHOW_DIALOG_PROBLEM
                 422 (the note or reason to correct)
SENDING          Refused(t, why), 403/404/409/...      IDLE             CLOSE_DIALOG,
                                                                        SHOW_PROBLEM, REFRESH
SENDING          Refused(t, why), unreachable, other   IDLE             CLOSE_DIALOG,
                                                                        SHOW_PROBLEM
LOADING_REASONS  Cancelled(t)                          IDLE             CANCEL_REQUEST
ASKING           Cancelled(d)                          IDLE             CLOSE_DIALOG
SENDING          Cancelled(d)                          IDLE             CANCEL_REQUEST,
                                                                        CLOSE_DIALOG, REFRESH
LOADING_REASONS  Stopped                               IDLE             CANCEL_REQUEST
ASKING           Stopped                               IDLE             CLOSE_DIALOG
SENDING          Stopped                               IDLE             CANCEL_REQUEST,
                                                                        CLOSE_DIALOG
not IDLE         Act                                   -                (one at a time)
SENDING          Submitted                             -                (one send at a time)
any              an answer with another ticket         -                (late)

A draft fits when it is the dialog's kind of draft for the very action asked: an
AlertStepDraft of that status for an alert, a DecisionDraft of that kind and status for
a request, a ShieldStepDraft of that event (and review or not, as asked) for a shield.

Why these choices:
* A 422 is the directory saying what to change in what the person wrote: the dialog
  stays, with the sentence, and nothing else moves. Any other refusal would say the same
  again: the dialog closes and the workspace says why; after a 403, 404 or 409 the item
  has likely moved on (another officer acted first), so the lists are asked for again.
* A cancel while the directory is working drops its answer, but the step may have been
  taken: the lists are asked for again, so what they show is what the directory holds.
* The end of the session closes the dialog and drops the answer silently: the lock screen
  says why, and nothing about the child may stay on screen. The poll is cleared anyway.
"""

from __future__ import annotations

from contract.codes import ErrorCode, ShieldEvent, ShieldRequestStatus
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
    Stopped,
    Submitted,
)
from desktop.management.action_request import ActionRequest
from desktop.management.drafts import AlertStepDraft, DecisionDraft, ShieldStepDraft
from desktop.management.items import ShieldReasonItem
from desktop.management.wording import done_sentence
from desktop.problems import Problem, ProblemKind

# The directory's refusals of what the person wrote (a 422): the dialog can correct them.
_CORRECTABLE = frozenset({ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_BODY})

E = ActionEffect
S = ActionState


def needs_reasons(act: Act) -> bool:
    """Placing a shield, or granting a request (which places one), shows the reasons."""
    if act.kind == "shield":
        return act.action == ShieldEvent.PLACE
    return act.kind == "shield_request" and act.action == ShieldRequestStatus.GRANTED


def correctable(problem: Problem) -> bool:
    """Whether the person can fix `problem` in the dialog (the directory's 422)."""
    return problem.kind is ProblemKind.REFUSED and problem.code in _CORRECTABLE


class ActionMachine:
    """One action at a time for one session window. `handle` never raises."""

    def __init__(self) -> None:
        self._state = S.IDLE
        self._counter = 0
        self._question: int | None = None
        self._dialog: int | None = None
        self._act: Act | None = None
        self._reasons: tuple[ShieldReasonItem, ...] = ()

    @property
    def state(self) -> ActionState:
        return self._state

    @property
    def ticket(self) -> int | None:
        """The ticket the directory's answer to the question outstanding must carry."""
        return self._question

    @property
    def dialog_ticket(self) -> int | None:
        """The ticket of the open dialog (its ActionRequest's); None without one."""
        return self._dialog

    @property
    def request(self) -> ActionRequest | None:
        """What the open dialog shows; None without one."""
        act = self._act
        if act is None or self._dialog is None:
            return None
        return ActionRequest(
            ticket=self._dialog,
            kind=act.kind,
            action=act.action,
            cp_id=act.cp_id,
            item=act.item,
            review=act.review,
            reasons=self._reasons,
            phase=act.phase,
        )

    def handle(self, event: ActionEvent) -> ActionTransition:
        match event:
            case Act() if self._state is S.IDLE:
                return self._start(event)
            case Stopped():
                return self._abort(event)
            case Cancelled(ticket=ticket) if self._cancels(ticket):
                if self._state is S.SENDING:
                    return self._end(event, E.CANCEL_REQUEST, E.CLOSE_DIALOG, E.REFRESH)
                return self._abort(event)
            case ReasonsLoaded(ticket=t, reasons=reasons) if self._answers(t, S.LOADING_REASONS):
                self._reasons = reasons
                return self._ask(event)
            case ReasonsUnavailable(ticket=t, problem=p) if self._answers(t, S.LOADING_REASONS):
                return self._end(event, E.SHOW_PROBLEM, problem=p)
            case Submitted(ticket=t, draft=draft) if (
                self._state is S.ASKING and t == self._dialog and self._fits(draft)
            ):
                self._question = self._next()
                return self._move(event, S.SENDING, E.SEND, draft=draft)
            case Done(ticket=t, result=result) if self._answers(t, S.SENDING):
                assert self.request is not None  # SENDING keeps the dialog's request
                done = done_sentence(self.request, result)
                return self._end(event, E.CLOSE_DIALOG, E.SHOW_DONE, E.REFRESH, done=done)
            case Refused(ticket=t, problem=p) if self._answers(t, S.SENDING):
                if correctable(p):
                    self._question = None
                    return self._move(event, S.ASKING, E.SHOW_DIALOG_PROBLEM, problem=p)
                if p.kind is ProblemKind.REFUSED:
                    return self._end(event, E.CLOSE_DIALOG, E.SHOW_PROBLEM, E.REFRESH, problem=p)
                return self._end(event, E.CLOSE_DIALOG, E.SHOW_PROBLEM, problem=p)
        return self._ignore(event)

    # --- the steps -------------------------------------------------------------------------

    def _start(self, act: Act) -> ActionTransition:
        self._act, self._reasons = act, ()
        if needs_reasons(act):
            self._question = self._next()
            return self._move(act, S.LOADING_REASONS, E.FETCH_REASONS)
        return self._ask(act)

    def _ask(self, event: ActionEvent) -> ActionTransition:
        self._question, self._dialog = None, self._next()
        return self._move(event, S.ASKING, E.ASK, request=self.request)

    def _abort(self, event: ActionEvent) -> ActionTransition:
        """The person gave up, or the session ended: drop whatever is outstanding."""
        match self._state:
            case S.LOADING_REASONS:
                return self._end(event, E.CANCEL_REQUEST)
            case S.ASKING:
                return self._end(event, E.CLOSE_DIALOG)
            case S.SENDING:
                return self._end(event, E.CANCEL_REQUEST, E.CLOSE_DIALOG)
        return self._ignore(event)

    # --- rules -----------------------------------------------------------------------------

    def _answers(self, ticket: int, state: ActionState) -> bool:
        return self._state is state and self._question is not None and ticket == self._question

    def _cancels(self, ticket: int) -> bool:
        if self._state is S.LOADING_REASONS:
            return ticket == self._question
        return self._state in (S.ASKING, S.SENDING) and ticket == self._dialog

    def _fits(self, draft: Draft) -> bool:
        act = self._act
        if act is None:
            return False
        match draft:
            case AlertStepDraft(status=status):
                return act.kind == "alert" and status == act.action
            case DecisionDraft(kind=kind, status=status):
                wanted = {"contact": "contact", "shield_request": "shield"}.get(act.kind)
                return kind == wanted and status == act.action
            case ShieldStepDraft(event=event, review=review):
                return (
                    act.kind == "shield"
                    and act.cp_id is not None
                    and event == act.action
                    and review == act.review
                )
        return False

    # --- building blocks -------------------------------------------------------------------

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def _end(
        self,
        event: ActionEvent,
        *effects: ActionEffect,
        problem: Problem | None = None,
        done: str | None = None,
    ) -> ActionTransition:
        self._question = self._dialog = None
        self._act, self._reasons = None, ()
        return self._move(event, S.IDLE, *effects, problem=problem, done=done)

    def _move(
        self,
        event: ActionEvent,
        state: ActionState,
        *effects: ActionEffect,
        request: ActionRequest | None = None,
        draft: Draft | None = None,
        problem: Problem | None = None,
        done: str | None = None,
    ) -> ActionTransition:
        previous, self._state = self._state, state
        return ActionTransition(
            event, previous, state, effects, True, request, draft, problem, done
        )

    def _ignore(self, event: ActionEvent) -> ActionTransition:
        return ActionTransition(event, self._state, self._state, accepted=False)
