"""What the workspace's drivers use of desktop.controller.Controller, and nothing more,
so that their tests can hand them a fake (tests/desktop/management/fake.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import SignalInstance

from contract.codes import AlertStatus
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
from desktop.policy import MachinePolicy
from desktop.problems import Problem

Failure = Callable[[Problem], None]


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class WorklistCalls(Protocol):
    """The part of desktop.management.front.WorklistFront the drivers call."""

    def alerts(
        self,
        status: AlertStatus | None,
        page: int,
        success: Callable[[Page[Alert]], None],
        failure: Failure,
    ) -> Cancellable: ...

    def requests(
        self,
        kind: RequestKind,
        status: str | None,
        page: int,
        success: Callable[[Page[WorkRequest]], None],
        failure: Failure,
    ) -> Cancellable: ...

    def reviews(
        self, page: int, success: Callable[[Page[ShieldStatus]], None], failure: Failure
    ) -> Cancellable: ...

    def shield_reasons(
        self, success: Callable[[tuple[ShieldReasonItem, ...]], None], failure: Failure
    ) -> Cancellable: ...

    def update_alert(
        self,
        alert_id: str,
        draft: AlertStepDraft,
        success: Callable[[Alert], None],
        failure: Failure,
    ) -> Cancellable: ...

    def decide_request(
        self,
        request_id: str,
        draft: DecisionDraft,
        success: Callable[[WorkRequest], None],
        failure: Failure,
    ) -> Cancellable: ...

    def shield_step(
        self,
        cp_id: str,
        draft: ShieldStepDraft,
        success: Callable[[ShieldStatus], None],
        failure: Failure,
    ) -> Cancellable: ...

    def access_history(
        self,
        cp_id: str,
        page: int,
        success: Callable[[Page[AccessEntry]], None],
        failure: Failure,
    ) -> Cancellable: ...

    def my_requests(
        self, success: Callable[[Page[WorkRequest], Page[WorkRequest]], None], failure: Failure
    ) -> Cancellable: ...


class WorkspaceController(Protocol):
    """The controller as the workspace's drivers see it: its calls and its session."""

    @property
    def worklists(self) -> WorklistCalls: ...
    @property
    def policy(self) -> MachinePolicy: ...
    @property
    def signed_in(self) -> SignalInstance: ...
    @property
    def locked(self) -> SignalInstance: ...
    @property
    def signed_out(self) -> SignalInstance: ...
    @property
    def records_cleared(self) -> SignalInstance: ...
    @property
    def token_wanted(self) -> SignalInstance: ...
