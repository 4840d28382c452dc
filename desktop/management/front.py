"""The management team's and shield officers' directory calls, for the signed-in session.

    front = WorklistFront(client, work)                   # built by desktop.controller
    front.alerts(None, 1, success=show, failure=explain)  # -> Operation[Page[Alert]]
    front.shield_step(cp_id, draft, success=done, failure=explain)

One method per sync.worklists.Worklists call, with the practitioner's own requests
(`my_requests`) and a shield's step from its dialog's draft (`shield_step`) besides. Like
desktop.directory_front, each runs over DirectoryWork: off the GUI thread, refused outside
ACTIVE, its answer believed only while the session that asked is still the one running,
every failure a desktop.problems.Problem. Nothing these calls bring is ever written to the
session cache: the worklists are management-only views (DESIGN.md 4, "Encrypted, expiring
cache"), and a child's access history most of all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from contract.codes import AlertStatus, ReviewDecision, ShieldEvent
from desktop.directory_work import DirectoryWork, checked
from desktop.management.drafts import AlertStepDraft, DecisionDraft, ShieldStepDraft
from desktop.management.items import (
    AccessEntry,
    Alert,
    Page,
    RequestKind,
    ShieldReasonItem,
    ShieldStatus,
    WorkRequest,
)
from desktop.operations import Operation
from desktop.problems import Problem, ProblemKind
from sync import DirectoryClient
from sync.worklists import Worklists

_T = TypeVar("_T")
Failure = Callable[[Problem], None]
Requests = tuple[Page[WorkRequest], Page[WorkRequest]]


class WorklistFront:
    """The worklist calls the workspace makes, for the session `work` runs for."""

    def __init__(self, client: DirectoryClient, work: DirectoryWork) -> None:
        self._lists = Worklists(client)
        self._work = work

    def _run(
        self, call: Callable[[], _T], success: Callable[[_T], None], failure: Failure
    ) -> Operation[_T]:
        # checked: sync's ValueErrors (an ID that could change the path) become refusals.
        return self._work.run(checked(call), success, failure)

    # --- alerts ---------------------------------------------------------------------------

    def alerts(
        self,
        status: AlertStatus | None,
        page: int,
        success: Callable[[Page[Alert]], None],
        failure: Failure,
    ) -> Operation[Page[Alert]]:
        return self._run(lambda: self._lists.alerts(status, page), success, failure)

    def update_alert(
        self,
        alert_id: str,
        draft: AlertStepDraft,
        success: Callable[[Alert], None],
        failure: Failure,
    ) -> Operation[Alert]:
        def call() -> Alert:
            return self._lists.update_alert(
                alert_id, draft.status, outcome=draft.outcome, note=draft.note
            )

        return self._run(call, success, failure)

    # --- contact and shield requests ------------------------------------------------------

    def requests(
        self,
        kind: RequestKind,
        status: str | None,
        page: int,
        success: Callable[[Page[WorkRequest]], None],
        failure: Failure,
    ) -> Operation[Page[WorkRequest]]:
        return self._run(lambda: self._lists.requests(kind, status, page), success, failure)

    def decide_request(
        self,
        request_id: str,
        draft: DecisionDraft,
        success: Callable[[WorkRequest], None],
        failure: Failure,
    ) -> Operation[WorkRequest]:
        def call() -> WorkRequest:
            return self._lists.decide_request(draft.kind, request_id, draft.status, draft.note)

        return self._run(call, success, failure)

    def my_requests(
        self, success: Callable[[Page[WorkRequest], Page[WorkRequest]], None], failure: Failure
    ) -> Operation[Requests]:
        """The practitioner's own contact and shield requests (the directory gives a
        requester their own, with status and time and nothing the team wrote)."""

        def call() -> Requests:
            return self._lists.requests("contact"), self._lists.requests("shield")

        return self._run(call, lambda pages: success(*pages), failure)

    # --- the shield's life ----------------------------------------------------------------

    def place_shield(
        self,
        cp_id: str,
        reason_code: str,
        note: str,
        success: Callable[[ShieldStatus], None],
        failure: Failure,
    ) -> Operation[ShieldStatus]:
        return self._run(
            lambda: self._lists.place_shield(cp_id, reason_code, note), success, failure
        )

    def confirm_shield(
        self, cp_id: str, success: Callable[[ShieldStatus], None], failure: Failure
    ) -> Operation[ShieldStatus]:
        return self._run(lambda: self._lists.confirm_shield(cp_id), success, failure)

    def propose_lift(
        self, cp_id: str, success: Callable[[ShieldStatus], None], failure: Failure
    ) -> Operation[ShieldStatus]:
        return self._run(lambda: self._lists.propose_lift(cp_id), success, failure)

    def confirm_lift(
        self, cp_id: str, success: Callable[[ShieldStatus], None], failure: Failure
    ) -> Operation[ShieldStatus]:
        return self._run(lambda: self._lists.confirm_lift(cp_id), success, failure)

    def review_shield(
        self,
        cp_id: str,
        decision: ReviewDecision,
        note: str,
        success: Callable[[ShieldStatus], None],
        failure: Failure,
    ) -> Operation[ShieldStatus]:
        return self._run(lambda: self._lists.review_shield(cp_id, decision, note), success, failure)

    def shield_step(
        self,
        cp_id: str,
        draft: ShieldStepDraft,
        success: Callable[[ShieldStatus], None],
        failure: Failure,
    ) -> Operation[ShieldStatus]:
        """The step a shield dialog's draft asks for, by the route that takes it.

        A review (renew, or propose the lift from the reviews list) is recorded as a review
        with its note; a bare step goes to the shield itself. Granting is a shield
        request's decision (decide_request), not a step here.
        """
        event, note = draft.event, draft.note or ""
        if draft.review:
            decision = ReviewDecision.RENEW if event is ShieldEvent.RENEW else ReviewDecision.LIFT
            return self.review_shield(cp_id, decision, note, success, failure)
        if event is ShieldEvent.PLACE:
            assert draft.reason_code is not None  # ShieldStepDraft requires it to place
            return self.place_shield(cp_id, draft.reason_code, note, success, failure)
        steps = {
            ShieldEvent.CONFIRM: self.confirm_shield,
            ShieldEvent.PROPOSE_LIFT: self.propose_lift,
            ShieldEvent.CONFIRM_LIFT: self.confirm_lift,
        }
        step = steps.get(event)
        if step is None:
            return self._work.refuse(_NOT_A_STEP, failure)
        return step(cp_id, success, failure)

    def reviews(
        self, page: int, success: Callable[[Page[ShieldStatus]], None], failure: Failure
    ) -> Operation[Page[ShieldStatus]]:
        return self._run(lambda: self._lists.reviews(page), success, failure)

    def shield_reasons(
        self, success: Callable[[tuple[ShieldReasonItem, ...]], None], failure: Failure
    ) -> Operation[tuple[ShieldReasonItem, ...]]:
        return self._run(self._lists.shield_reasons, success, failure)

    # --- who looked -----------------------------------------------------------------------

    def access_history(
        self,
        cp_id: str,
        page: int,
        success: Callable[[Page[AccessEntry]], None],
        failure: Failure,
    ) -> Operation[Page[AccessEntry]]:
        return self._run(lambda: self._lists.access_history(cp_id, page), success, failure)


_NOT_A_STEP = Problem(ProblemKind.REFUSED, "That is not a step a shield can take here.")
