"""A child's access history (for the team) and a practitioner's own requests: one question
each, answered only to the session that asked.

    flow = HistoryFlow(controller)                 # uses controller.worklists
    flow.history_shown.connect(dialog.show)        # Page[AccessEntry]
    flow.my_requests_shown.connect(mine.show)      # (contact page, shield page)
    flow.problem.connect(explain)                  # Problem
    flow.show_history(cp_id, page=2)
    flow.show_my_requests()

Too small for a machine: each list has at most one question outstanding (asking again
drops the answer to the earlier one, which the person no longer waits for), and the end of
the session (lock, sign-out, records cleared, card asked for) drops every answer still to
come, so a history that arrives after a lock is shown to nobody. Nothing is kept here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from desktop.management.controller import Cancellable, WorkspaceController
from desktop.management.items import AccessEntry, Page, WorkRequest
from desktop.problems import Problem


class HistoryFlow(QObject):
    history_shown = Signal(object)  # Page[AccessEntry]
    my_requests_shown = Signal(object, object)  # Page[WorkRequest] x2: contact, shield
    problem = Signal(object)  # Problem

    def __init__(self, controller: WorkspaceController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._front = controller.worklists
        self._asked: dict[str, Cancellable] = {}
        controller.locked.connect(self._session_ended)
        controller.signed_out.connect(self._session_ended)
        controller.token_wanted.connect(self._session_ended)
        controller.records_cleared.connect(self.stop)

    def show_history(self, cp_id: str, page: int = 1) -> None:
        """Ask for a page of the child's access history; `history_shown` brings it."""
        operation = self._replace("history")

        def shown(found: Page[AccessEntry]) -> None:
            if self._answered("history", operation):
                self.history_shown.emit(found)

        def failed(problem: Problem) -> None:
            if self._answered("history", operation):
                self.problem.emit(problem)

        operation.set(self._front.access_history(cp_id, page, shown, failed))

    def show_my_requests(self) -> None:
        """Ask for this user's own requests; `my_requests_shown` brings both lists."""
        operation = self._replace("mine")

        def shown(contact: Page[WorkRequest], shield: Page[WorkRequest]) -> None:
            if self._answered("mine", operation):
                self.my_requests_shown.emit(contact, shield)

        def failed(problem: Problem) -> None:
            if self._answered("mine", operation):
                self.problem.emit(problem)

        operation.set(self._front.my_requests(shown, failed))

    @Slot()
    def stop(self) -> None:
        """Drop every answer still to come."""
        for asked in self._asked.values():
            asked.cancel()
        self._asked.clear()

    @Slot(str)
    def _session_ended(self, _reason: str) -> None:
        self.stop()

    def _replace(self, key: str) -> _Asked:
        earlier = self._asked.pop(key, None)
        if earlier is not None:
            earlier.cancel()
        asked = _Asked()
        self._asked[key] = asked
        return asked

    def _answered(self, key: str, asked: _Asked) -> bool:
        """Whether `asked` is still the question outstanding for `key` (then it is over)."""
        if self._asked.get(key) is not asked:
            return False
        del self._asked[key]
        return True


class _Asked:
    """One question, known before the call returns its operation, so that an answer (even
    one delivered at once) can tell whether it is still the one waited for."""

    def __init__(self) -> None:
        self._operation: Cancellable | None = None
        self._cancelled = False

    def set(self, operation: Cancellable) -> None:
        self._operation = operation
        if self._cancelled:
            operation.cancel()

    def cancel(self) -> None:
        self._cancelled = True
        if self._operation is not None:
            self._operation.cancel()
