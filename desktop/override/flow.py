"""The override driver: runs the override machine's effects with the controller's three
override methods, and tells the widgets what to show through signals.

    flow = OverrideFlow(controller)      # anything with the OverrideController methods
    flow.justification_wanted.connect(show_dialog)   # JustificationRequest
    flow.dialog_closed.connect(close_dialog)
    flow.full_view.connect(show_record)              # (body, alert reference), once
    flow.problem.connect(explain)                    # desktop.problems.Problem
    flow.start(cp_id)
    ...  dialog.submitted -> flow.submit(request.ticket, draft)
         dialog.cancelled -> flow.cancel(request.ticket)

The machine (`desktop.override.machine`) decides; this class holds what the machine must
not: the draft (with its PIN) between the dialog and the card, the full view between the
directory and the screen, and the justification typed for a retry after a wrong PIN. The
session's lock, sign-out and card removal reach the machine from the controller's own
signals, so that no caller has to remember to pass them on.

PIN buffers: a draft goes to the controller only when the machine answers SEND_OVERRIDE,
and the controller wipes it whatever becomes of the request; any other draft is wiped here
before `submit` returns.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from desktop.login import PinPrompt
from desktop.override.effects import Effect
from desktop.override.events import (
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
from desktop.override.machine import OverrideMachine
from desktop.override.states import State
from desktop.override.transition import Transition
from desktop.problems import Problem
from desktop.requests import JustificationRule, OverrideDraft, OverrideReason


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class OverrideController(Protocol):
    """What the flow uses of desktop.controller.Controller, and nothing more."""

    @property
    def locked(self) -> SignalInstance: ...
    @property
    def signed_out(self) -> SignalInstance: ...
    @property
    def token_wanted(self) -> SignalInstance: ...

    def override_reasons(
        self,
        success: Callable[[tuple[OverrideReason, ...], JustificationRule], None],
        failure: Callable[[Problem], None],
    ) -> Cancellable: ...

    def override_prompt(
        self, success: Callable[[PinPrompt], None], failure: Callable[[Problem], None]
    ) -> Cancellable: ...

    def override(
        self,
        cp_id: str,
        draft: OverrideDraft,
        success: Callable[[dict[str, Any], str | None], None],
        failure: Callable[[Problem], None],
    ) -> Cancellable: ...


@dataclass(frozen=True, slots=True)
class JustificationRequest:
    """What the justification dialog shows; its answers carry `ticket` back."""

    ticket: int
    reasons: tuple[OverrideReason, ...]
    rule: JustificationRule
    prompt: PinPrompt  # its `failure` says why the last attempt was refused
    # What the person chose and wrote before a wrong PIN, so that only the PIN is typed
    # again. Free text: kept out of every repr.
    reason_code: str | None = None
    justification: str = field(default="", repr=False)


_CONTROLLER_ANSWERS = (
    ReasonsLoaded,
    ReasonsUnavailable,
    PinStateRead,
    PinStateUnreadable,
    OverrideGranted,
    OverrideRefused,
)


@dataclass(slots=True)
class _Item:
    """An event waiting its turn, with what the driver holds for it outside the machine."""

    event: Event
    draft: OverrideDraft | None = None
    view: tuple[dict[str, Any], str | None] | None = None


class OverrideFlow(QObject):
    """One override at a time for the signed-in session (the machine's docstring: how)."""

    justification_wanted = Signal(object)  # JustificationRequest
    dialog_closed = Signal()
    full_view = Signal(object, object)  # the record's JSON body, the alert reference
    problem = Signal(object)  # Problem
    state_changed = Signal(object)  # State

    def __init__(self, controller: OverrideController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._machine = OverrideMachine()
        self._asked: Cancellable | None = None  # the controller's operation under way
        self._kept: tuple[str, str] | None = None  # reason and justification, for a retry
        self._draft: OverrideDraft | None = None  # being applied: SEND_OVERRIDE takes it
        self._view: tuple[dict[str, Any], str | None] | None = None  # being applied
        # Run to completion: an event raised while a transition's effects run (a slot
        # cancelling from a signal this emits) waits until they are all done.
        self._queue: deque[_Item] = deque()
        self._applying = False
        controller.locked.connect(self._session_locked)
        controller.signed_out.connect(self._signed_out)
        # Asked for only when the card is out: the session locked or ended without it.
        controller.token_wanted.connect(self._card_removed)

    @property
    def state(self) -> State:
        return self._machine.state

    @property
    def ticket(self) -> int:
        return self._machine.ticket

    # --- the person's requests --------------------------------------------------------

    def start(self, cp_id: str) -> None:
        """Override the shield of `cp_id`; ignored while another override is under way."""
        self._handle(_Item(Start(cp_id)))

    def submit(self, ticket: int, draft: OverrideDraft) -> None:
        """The dialog's draft for `ticket`. Its PIN is sent once or wiped before this returns."""
        self._handle(_Item(JustificationSubmitted(ticket), draft=draft))

    def cancel(self, ticket: int | None = None) -> None:
        """Give up the override (from the dialog shown for `ticket`, or whatever is asked)."""
        self._handle(_Item(Cancelled(self._machine.ticket if ticket is None else ticket)))

    def stop(self) -> None:
        """The application is closing: drop the override under way, if any."""
        self.cancel()

    # --- the session ----------------------------------------------------------------------

    @Slot(str)
    def _session_locked(self, _reason: str) -> None:
        self._handle(_Item(SessionLocked()))

    @Slot(str)
    def _signed_out(self, _reason: str) -> None:
        self._handle(_Item(SignedOut()))

    @Slot(str)
    def _card_removed(self, _text: str) -> None:
        self._handle(_Item(CardRemoved()))

    # --- the machine and its effects ------------------------------------------------------

    def _handle(self, item: _Item) -> None:
        self._queue.append(item)
        if self._applying:
            return
        self._applying = True
        try:
            while self._queue:
                self._step(self._queue.popleft())
        finally:
            self._applying = False

    def _step(self, item: _Item) -> None:
        self._draft, self._view = item.draft, item.view
        try:
            transition = self._machine.handle(item.event)
            if transition.accepted:
                if isinstance(item.event, _CONTROLLER_ANSWERS):
                    self._asked = None  # answered: that operation is over
                if item.draft is not None:
                    self._kept = (item.draft.reason_code, item.draft.justification)
                self._apply(transition)
                if transition.state is State.IDLE:
                    self._asked, self._kept = None, None
                if transition.state is not transition.previous:
                    self.state_changed.emit(transition.state)
        finally:
            if self._draft is not None:
                self._draft.wipe()  # not sent: a late or stray submission
            self._draft = self._view = None

    def _apply(self, transition: Transition) -> None:
        ticket = self._machine.ticket  # what an answer to a question asked now must carry
        for effect in transition.effects:
            match effect:
                case Effect.FETCH_REASONS | Effect.READ_PIN_STATE | Effect.SEND_OVERRIDE:
                    self._asked = self._ask(effect, ticket)
                case Effect.CANCEL_REQUEST:
                    if self._asked is not None:
                        self._asked.cancel()
                case Effect.ASK_FOR_JUSTIFICATION:
                    self.justification_wanted.emit(self._request(ticket))
                case Effect.CLOSE_DIALOG:
                    self.dialog_closed.emit()
                case Effect.SHOW_FULL_VIEW:
                    if self._view is not None:
                        self.full_view.emit(*self._view)
                case Effect.SHOW_PROBLEM:
                    if transition.problem is not None:
                        self.problem.emit(transition.problem)

    def _ask(self, effect: Effect, ticket: int) -> Cancellable:
        """Put the question `effect` to the controller; its answer comes back as an event."""
        controller = self._controller
        if effect is Effect.FETCH_REASONS:
            return controller.override_reasons(
                success=lambda reasons, rule: self._answer(ReasonsLoaded(ticket, reasons, rule)),
                failure=lambda problem: self._answer(ReasonsUnavailable(ticket, problem)),
            )
        if effect is Effect.READ_PIN_STATE:
            return controller.override_prompt(
                success=lambda prompt: self._answer(PinStateRead(ticket, prompt)),
                failure=lambda problem: self._answer(PinStateUnreadable(ticket, problem)),
            )
        cp_id, draft = self._machine.cp_id, self._draft
        self._draft = None  # the controller wipes it from here on, whatever happens
        assert cp_id is not None and draft is not None  # REQUESTING is entered with both
        return controller.override(
            cp_id,
            draft,
            success=lambda body, reference: self._handle(
                _Item(OverrideGranted(ticket), view=(body, reference))
            ),
            failure=lambda problem: self._answer(OverrideRefused(ticket, problem)),
        )

    def _answer(self, event: Event) -> None:
        self._handle(_Item(event))

    def _request(self, ticket: int) -> JustificationRequest:
        machine = self._machine
        assert machine.rule is not None and machine.prompt is not None  # JUSTIFYING
        reason, justification = self._kept or (None, "")
        return JustificationRequest(
            ticket, machine.reasons, machine.rule, machine.prompt, reason, justification
        )
