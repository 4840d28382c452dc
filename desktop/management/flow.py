"""The workspace's driver: runs the poll machine and the action machine with the
controller's worklist calls, and tells the widgets what to show through signals.

    flow = WorkspaceFlow(controller)           # uses controller.worklists and its signals
    flow.lists_available.connect(window.set_lists)
    flow.counts_changed.connect(window.set_counts)
    flow.alerts_shown.connect(alerts_tab.show)             # ... and the other lists
    flow.dialog_wanted.connect(open_dialog)                # ActionRequest
    flow.dialog_problem.connect(dialog.show_problem)
    flow.dialog_closed.connect(close_dialog)
    flow.cleared.connect(window.clear)
    alerts_tab.act.connect(flow.act)           # (item, action): an Alert and an AlertStatus
    dialog.submitted.connect(flow.submit)      # (ticket, draft)
    dialog.cancelled.connect(flow.cancel)      # ticket

The machines (desktop.management.poll, desktop.management.action) decide; this class only
carries their effects out. The session starts and ends the workspace by the controller's
own signals: `signed_in` starts it with the user's roles, and a lock, a sign-out, the
records cleared or the card asked for stop it, so that nothing shown survives the session
and no caller has to remember to pass them on. The poll's timer runs only while the
session is active. Pages go from the directory's answer to the signal and are kept
nowhere here.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from contract.codes import AlertStatus, ShieldEvent, ShieldPhase
from desktop.management import action as actions
from desktop.management import poll
from desktop.management.action_request import Action
from desktop.management.controller import Cancellable, WorkspaceController
from desktop.management.drafts import (
    AlertStepDraft,
    DecisionDraft,
    ShieldStepDraft,
)
from desktop.management.items import Alert, RequestKind, WorkRequest
from desktop.management.lists import ListKey
from desktop.problems import Problem


class WorkspaceFlow(QObject):
    """The management workspace of the signed-in session: its poll and its one action."""

    alerts_shown = Signal(object)  # Page[Alert]
    requests_shown = Signal(str, object)  # "contact" | "shield", Page[WorkRequest]
    reviews_shown = Signal(object)  # Page[ShieldStatus]
    counts_changed = Signal(object)  # dict[str, int], by list key
    lists_available = Signal(object)  # tuple[str, ...]: the list keys this user works
    problem = Signal(object)  # Problem: a list failed, or an action was refused
    dialog_wanted = Signal(object)  # ActionRequest
    dialog_problem = Signal(object)  # Problem, shown inside the open dialog (a 422)
    dialog_closed = Signal()
    action_done = Signal(str)  # a sentence naming no child
    cleared = Signal()  # everything shown must go

    def __init__(
        self,
        controller: WorkspaceController,
        parent: QObject | None = None,
        *,
        interval_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._front = controller.worklists
        self._poll = poll.PollMachine()
        self._action = actions.ActionMachine()
        self._fetches: dict[ListKey, tuple[int, Cancellable]] = {}  # by list: ticket, call
        self._asked: Cancellable | None = None  # the action machine's question
        # Run to completion: an event raised while effects run (a slot that cancels from a
        # signal emitted here, a refresh after an action) waits until they are all done.
        self._queue: deque[poll.PollEvent | actions.ActionEvent] = deque()
        self._applying = False
        seconds = controller.policy.worklist_poll_seconds
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms if interval_ms is not None else seconds * 1000)
        self._timer.timeout.connect(self._tick)
        controller.signed_in.connect(self._signed_in)
        controller.locked.connect(self._session_ended)
        controller.signed_out.connect(self._session_ended)
        controller.token_wanted.connect(self._session_ended)
        controller.records_cleared.connect(self.stop)

    @property
    def lists(self) -> tuple[ListKey, ...]:
        return self._poll.lists

    @property
    def interval_ms(self) -> int:
        """The poll's interval (the policy's worklist_poll_seconds unless given)."""
        return self._timer.interval()

    @property
    def polling(self) -> bool:
        """Whether the poll's timer is running."""
        return self._timer.isActive()

    # --- the person's and the session's requests ------------------------------------------

    def start(self, roles: tuple[str, ...]) -> None:
        """Start the workspace for a user with `roles` (done on `signed_in` already)."""
        self._handle(poll.Started(tuple(roles)))

    @Slot()
    def stop(self) -> None:
        """Forget everything shown and drop every answer to come (lock, sign-out)."""
        self._handle(actions.Stopped())
        self._handle(poll.Stopped())

    @Slot()
    def refresh(self) -> None:
        self._handle(poll.Refresh())

    def set_alert_filter(self, status: AlertStatus | None) -> None:
        self._handle(poll.FilterChanged(None if status is None else AlertStatus(status)))

    def act(
        self,
        item: actions.Item,
        action: Action | tuple[ShieldEvent, bool],
        *,
        review: bool = False,
        phase: ShieldPhase | None = None,
    ) -> None:
        """Open the dialog for `action` on `item`; ignored while another action is under
        way. `item` is an Alert, a WorkRequest or a ShieldStatus from a list, or a cp_id for
        a shield action from a record (with the record's shield `phase`); a reviews tab's
        (event, review) pair may be passed as `action`. ValueError if they do not match."""
        if isinstance(action, tuple):
            action, review = action
        self._handle(actions.act_for(item, action, review, phase))

    def submit(self, ticket: int, draft: actions.Draft) -> None:
        self._handle(actions.Submitted(ticket, draft))

    def cancel(self, ticket: int | None = None) -> None:
        """Give up the action (from the dialog shown for `ticket`, or whatever is asked)."""
        if ticket is None:
            ticket = self._action.dialog_ticket or self._action.ticket or 0
        self._handle(actions.Cancelled(ticket))

    @Slot(object)
    def _signed_in(self, user: Any) -> None:
        self.start(tuple(user.roles))

    @Slot(str)
    def _session_ended(self, _reason: str) -> None:
        self.stop()

    @Slot()
    def _tick(self) -> None:
        self._handle(poll.Tick())

    # --- the machines and their effects ---------------------------------------------------

    def _handle(self, event: poll.PollEvent | actions.ActionEvent) -> None:
        self._queue.append(event)
        if self._applying:
            return
        self._applying = True
        try:
            while self._queue:
                self._step(self._queue.popleft())
        finally:
            self._applying = False

    def _step(self, event: poll.PollEvent | actions.ActionEvent) -> None:
        if isinstance(event, _POLL_EVENTS):
            for effect in self._poll.handle(event).effects:
                self._poll_effect(effect)
            return
        transition = self._action.handle(event)
        if transition.accepted:
            if isinstance(event, _ANSWERS):
                self._asked = None  # answered: that operation is over
            for step in transition.effects:
                self._action_effect(step, transition)

    def _poll_effect(self, effect: poll.PollEffect) -> None:
        match effect:
            case poll.Fetch(list=key, ticket=ticket, status=status):
                self._fetches[key] = (ticket, self._fetch(key, ticket, status))
            case poll.Show(list="alerts", page=page):
                self.alerts_shown.emit(page)
            case poll.Show(list="reviews", page=page):
                self.reviews_shown.emit(page)
            case poll.Show(list=key, page=page):
                self.requests_shown.emit(key, page)
            case poll.ShowProblem(problem=problem):
                self.problem.emit(problem)
            case poll.ShowCounts(counts=counts):
                self.counts_changed.emit(dict(counts))
            case poll.Available(lists=lists):
                self.lists_available.emit(lists)
                if lists:
                    self._timer.start()
            case poll.Clear():
                self._timer.stop()
                for _, fetch in self._fetches.values():
                    fetch.cancel()
                self._fetches.clear()
                self.cleared.emit()

    def _fetch(self, key: ListKey, ticket: int, status: AlertStatus | None) -> Cancellable:
        def loaded(page: Any) -> None:
            self._answered(key, ticket)
            self._handle(poll.Loaded(ticket, key, page))

        def failed(problem: Problem) -> None:
            self._answered(key, ticket)
            self._handle(poll.Failed(ticket, key, problem))

        front = self._front
        if key == "alerts":
            return front.alerts(status, 1, loaded, failed)
        if key == "reviews":
            return front.reviews(1, loaded, failed)
        kind: RequestKind = "contact" if key == "contact" else "shield"
        return front.requests(kind, None, 1, loaded, failed)

    def _answered(self, key: ListKey, ticket: int) -> None:
        """The fetch `ticket` of `key` is over (a late one leaves the list's next alone)."""
        if self._fetches.get(key, (None,))[0] == ticket:
            del self._fetches[key]

    def _action_effect(
        self, effect: actions.ActionEffect, transition: actions.ActionTransition
    ) -> None:
        E = actions.ActionEffect
        ticket = self._action.ticket
        match effect:
            case E.FETCH_REASONS:
                assert ticket is not None  # LOADING_REASONS is entered with a question
                self._asked = self._front.shield_reasons(
                    lambda reasons: self._handle(actions.ReasonsLoaded(ticket, reasons)),
                    lambda problem: self._handle(actions.ReasonsUnavailable(ticket, problem)),
                )
            case E.ASK:
                self.dialog_wanted.emit(transition.request)
            case E.SEND:
                assert ticket is not None  # SENDING is entered with a question
                self._asked = self._send(ticket, transition.draft)
            case E.CANCEL_REQUEST:
                if self._asked is not None:
                    self._asked.cancel()
                    self._asked = None
            case E.CLOSE_DIALOG:
                self.dialog_closed.emit()
            case E.SHOW_DIALOG_PROBLEM:
                self.dialog_problem.emit(transition.problem)
            case E.SHOW_DONE:
                self.action_done.emit(transition.done or "")
            case E.REFRESH:
                self._handle(poll.Refresh())
            case E.SHOW_PROBLEM:
                self.problem.emit(transition.problem)

    def _send(self, ticket: int, draft: actions.Draft) -> Cancellable:
        request = self._action.request
        assert request is not None  # SENDING keeps the dialog's request

        def done(result: actions.Result) -> None:
            self._handle(actions.Done(ticket, result))

        def refused(problem: Problem) -> None:
            self._handle(actions.Refused(ticket, problem))

        front, item = self._front, request.item
        if isinstance(draft, AlertStepDraft) and isinstance(item, Alert):
            return front.update_alert(item.id, draft, done, refused)
        if isinstance(draft, DecisionDraft) and isinstance(item, WorkRequest):
            return front.decide_request(item.id, draft, done, refused)
        assert isinstance(draft, ShieldStepDraft) and request.cp_id is not None
        return front.shield_step(request.cp_id, draft, done, refused)


_POLL_EVENTS = (
    poll.Started,
    poll.Tick,
    poll.Refresh,
    poll.FilterChanged,
    poll.Loaded,
    poll.Failed,
    poll.Stopped,
)
_ANSWERS = (actions.ReasonsLoaded, actions.ReasonsUnavailable, actions.Done, actions.Refused)
