"""The main window's requests about children, each from its dialog to the controller and
back: search, open a record, record or cease an involvement, ask the management team for
contact or for a shield.

    flows = RecordFlows(controller, app, dialogs, training=policy.training)
    window.open_requested.connect(flows.open_record)     # ... and the other requests
    flows.drop()                                         # a lock: late answers go nowhere

Each request is an Operation of the controller's; its answer is shown in the main window
there is then (none after a sign-out), and a failure as a notice with the Problem's words.
The override, which asks for reasons, the PIN and a justification first, is ui.app's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QMessageBox

from desktop import (
    CeaseDraft,
    ContactDraft,
    Controller,
    InvolvementDraft,
    Operation,
    Problem,
    RecordModel,
    SearchOutcome,
    ShieldDraft,
)
from ui.cease_dialog import CeaseDialog
from ui.contact_request_dialog import ContactRequestDialog
from ui.involvement_dialog import InvolvementDialog
from ui.main_window import MainWindow
from ui.open_dialogs import HasWindow, OpenDialogs
from ui.shield_request_dialog import ShieldRequestDialog


class RecordFlows:
    def __init__(
        self,
        controller: Controller,
        app: HasWindow,
        dialogs: OpenDialogs,
        *,
        training: bool,
    ) -> None:
        self._controller = controller
        self._app = app
        self._dialogs = dialogs
        self._training = training
        self._search: Operation[Any] | None = None
        self._record: Operation[Any] | None = None

    def search(self, criteria: dict[str, str | int], mode: str) -> None:
        window = self._require_window()
        window.set_searching(True)
        self._search = self._controller.search(
            criteria,
            mode,
            success=self._searched,
            failure=lambda problem: window.show_search_problem(problem.text),
        )

    def cancel_search(self) -> None:
        if self._search is not None:
            self._search.cancel()
            self._search = None
        window = self._app.window
        if window is not None:
            window.set_searching(False)

    def open_record(self, cp_id: str) -> None:
        self._record = self._controller.open_record(
            cp_id,
            success=self.show_record,
            failure=self.problem,
            # The directory cannot be reached: this user's cached copy, read-only, aged.
            cached=lambda body, fetched_at: self.show_record(body, cached_at=fetched_at),
        )

    def show_record(
        self,
        body: dict[str, Any],
        alert_reference: str | None = None,
        *,
        cached_at: dt.datetime | None = None,
    ) -> None:
        self._record = None
        window = self._app.window
        if window is None:
            return
        try:
            record = RecordModel.from_json(body)
        except ValueError as exc:
            self.problem(Problem.of(exc))
            return
        window.show_record(record, alert_reference, cached_at=cached_at)

    def record_involvement(self, cp_id: str) -> None:
        def submitted(draft: InvolvementDraft) -> None:
            self._controller.add_involvement(
                cp_id, draft, success=lambda _: self.open_record(cp_id), failure=self.problem
            )

        dialog = InvolvementDialog(parent=self._app.window, training=self._training)
        self._dialogs.open(dialog, submitted)

    def cease_involvement(self, cp_id: str, involvement_id: str) -> None:
        def submitted(draft: CeaseDraft) -> None:
            self._controller.cease_involvement(
                cp_id,
                involvement_id,
                draft,
                success=lambda _: self.open_record(cp_id),
                failure=self.problem,
            )

        dialog = CeaseDialog(parent=self._app.window, training=self._training)
        self._dialogs.open(dialog, submitted)

    def ask_for_contact(self, cp_id: str) -> None:
        def submitted(draft: ContactDraft) -> None:
            self._controller.request_contact(
                cp_id, draft, success=self._receipt, failure=self.problem
            )

        dialog = ContactRequestDialog(parent=self._app.window, training=self._training)
        self._dialogs.open(dialog, submitted)

    def ask_for_shield(self, cp_id: str) -> None:
        def submitted(draft: ShieldDraft) -> None:
            self._controller.request_shield(
                cp_id, draft, success=self._receipt, failure=self.problem
            )

        dialog = ShieldRequestDialog(parent=self._app.window, training=self._training)
        self._dialogs.open(dialog, submitted)

    def problem(self, problem: Problem) -> None:
        self._record = None
        self._dialogs.notice(QMessageBox.Icon.Warning, problem.text)

    def drop(self) -> None:
        """Forget the search and the record on their way: the session locked or ended."""
        for operation in (self._search, self._record):
            if operation is not None:
                operation.cancel()
        self._search = self._record = None

    def _searched(self, outcome: SearchOutcome) -> None:
        self._search = None
        window = self._app.window
        if window is not None:
            window.show_outcome(outcome)

    def _receipt(self, receipt: dict[str, str]) -> None:
        reference = receipt.get("reference", "")
        self._dialogs.notice(
            QMessageBox.Icon.Information,
            f"Your request has been sent to the management team. Reference: {reference}",
        )

    def _require_window(self) -> MainWindow:
        window = self._app.window
        assert window is not None, "directory work is only offered in the main window"
        return window
