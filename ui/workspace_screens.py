"""The management workspace on screen: its window, its action dialogs, the access history
and My requests, opened and closed as the workspace's flows say (desktop.management), and
the person's picks sent back to them (issue 11).

    screens = WorkspaceScreens(controller, app, training=False)   # before controller.start()
    screens.open_workspace()          # the session header's "Workspace"
    screens.shield_step(cp_id, event, review, phase)   # a record's shield buttons
    screens.show_history(cp_id)       # a record's "Access history"
    screens.show_my_requests()        # the session header's "My requests"

Every decision is the flows': this module only shows and hides. The workspace window is
made for a user who works shields when the flow says which lists they have, shown at
sign-in beside the main window (the worklists are the team's day), hidden by a lock like
every window, and destroyed at sign-out. Acting on an item opens the child's record in the
main window where the person may see it, and the action's dialog over the window the
person acted from. Nothing shown here is kept anywhere but in the widgets.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from contract.codes import AlertStatus, ShieldEvent, ShieldPhase
from desktop import (
    AccessEntry,
    ActionRequest,
    Alert,
    HistoryFlow,
    Page,
    Problem,
    ShieldStatus,
    SignedInUser,
    WorkRequest,
    WorkspaceController,
    WorkspaceFlow,
)
from ui.main_window import MainWindow
from ui.shield_steps import review_steps
from ui.workspace import (
    AccessHistoryDialog,
    AlertStepDialog,
    DecisionDialog,
    MyRequestsDialog,
    ShieldStepDialog,
    StepDialog,
    WorkspaceWindow,
)


class Host(Protocol):
    """What the workspace needs of the application (ui.app.ClientApp)."""

    @property
    def window(self) -> MainWindow | None: ...

    def open_record(self, cp_id: str) -> None: ...


class WorkspaceScreens(QObject):
    def __init__(
        self,
        controller: WorkspaceController,
        host: Host,
        *,
        training: bool,
        parent: QObject | None = None,
        interval_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        # Connected before the flows are made: they start on the same signal and say at
        # once which lists the user has, when the user must already be known here.
        controller.signed_in.connect(self._signed_in)
        controller.signed_out.connect(self._signed_out)
        self.flow = WorkspaceFlow(controller, self, interval_ms=interval_ms)
        self.history = HistoryFlow(controller, self)
        self._host = host
        self._training = training
        self._user: SignedInUser | None = None
        self.window: WorkspaceWindow | None = None
        self.dialog: StepDialog | None = None
        self.history_dialog: AccessHistoryDialog | None = None
        self.my_requests: MyRequestsDialog | None = None
        self._history_cp_id: str | None = None
        flow = self.flow
        flow.lists_available.connect(self._lists_available)
        flow.counts_changed.connect(self._counts)
        flow.alerts_shown.connect(self._alerts)
        flow.requests_shown.connect(self._requests)
        flow.reviews_shown.connect(self._reviews)
        flow.dialog_wanted.connect(self._dialog_wanted)
        flow.dialog_problem.connect(self._dialog_problem)
        flow.dialog_closed.connect(self._close_dialog)
        flow.action_done.connect(self._done)
        flow.problem.connect(self._problem)
        flow.cleared.connect(self._cleared)
        self.history.history_shown.connect(self._history_shown)
        self.history.my_requests_shown.connect(self._my_requests_shown)
        self.history.problem.connect(self._problem)

    # --- what the application and the main window ask ------------------------------------

    def open_workspace(self) -> None:
        """Show the workspace (the header's button); for users who have worklists."""
        if self.window is None:
            return
        if not self.window.isVisible():
            self.flow.refresh()  # closing the window emptied it: fill it again now
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def shield_step(
        self, cp_id: str, event: ShieldEvent, review: bool, phase: ShieldPhase | None
    ) -> None:
        self.flow.act(cp_id, event, review=review, phase=phase)

    def show_history(self, cp_id: str, page: int = 1) -> None:
        self._history_cp_id = cp_id
        self.history.show_history(cp_id, page)

    def show_my_requests(self) -> None:
        self.history.show_my_requests()

    def close_all(self) -> None:
        """Close every dialog (a lock, a sign-out, the end); the flows drop their answers."""
        self._close_dialog()
        for dialog in (self.history_dialog, self.my_requests):
            if dialog is not None:
                dialog.clear()
                dialog.hide()
                dialog.deleteLater()
        self.history_dialog = self.my_requests = None
        self._history_cp_id = None

    def stop(self) -> None:
        self.flow.stop()
        self.history.stop()
        self.close_all()
        self._dispose_window()

    # --- the session ---------------------------------------------------------------------

    @Slot(object)
    def _signed_in(self, user: SignedInUser) -> None:
        if self._user is not None and self._user != user:
            self._dispose_window()
        self._user = user

    @Slot(str)
    def _signed_out(self, _reason: str) -> None:
        self.close_all()
        self._dispose_window()
        self._user = None

    @Slot()
    def _cleared(self) -> None:
        self.close_all()
        if self.window is not None:
            self.window.clear()

    # --- the worklists -------------------------------------------------------------------

    @Slot(object)
    def _lists_available(self, keys: tuple[str, ...]) -> None:
        if not keys or self._user is None:
            return
        first = self.window is None
        if first:
            self.window = self._make_window(self._user)
        assert self.window is not None
        self.window.set_lists(tuple(keys))
        if first or not self.window.isVisible():
            # The worklists are the team's day: shown beside the main window at sign-in
            # and again after an unlock.
            self.window.show()

    def _make_window(self, user: SignedInUser) -> WorkspaceWindow:
        window = WorkspaceWindow(user, self._training)
        window.refresh_wanted.connect(self.flow.refresh)
        window.alerts.filter_changed.connect(self._filter)
        for tab in (window.alerts, window.contact, window.shield, window.reviews):
            tab.act.connect(self._act)
            tab.open_record.connect(self._open_record)
        return window

    @Slot(object)
    def _counts(self, counts: dict[str, int]) -> None:
        if self.window is not None:
            self.window.set_counts(dict(counts))

    @Slot(object)
    def _alerts(self, page: Page[Alert]) -> None:
        if self.window is not None:
            self.window.alerts.show(page)

    @Slot(str, object)
    def _requests(self, kind: str, page: Page[WorkRequest]) -> None:
        if self.window is not None:
            tab = self.window.contact if kind == "contact" else self.window.shield
            tab.show(page)

    @Slot(object)
    def _reviews(self, page: Page[ShieldStatus]) -> None:
        if self.window is not None and self._user is not None:
            user = self._user
            self.window.reviews.show(page, lambda item: review_steps(item, user))

    def _filter(self, status: AlertStatus | None) -> None:
        self.flow.set_alert_filter(status)

    def _act(self, item: object, action: object) -> None:
        try:
            self.flow.act(item, action)  # type: ignore[arg-type]
        except ValueError as exc:  # a step the item's status no longer allows
            self._problem(Problem.of(exc))

    def _open_record(self, cp_id: str) -> None:
        self._host.open_record(cp_id)
        main = self._host.window
        if main is not None:
            main.raise_()
            main.activateWindow()

    # --- one action at a time ------------------------------------------------------------

    @Slot(object)
    def _dialog_wanted(self, request: ActionRequest) -> None:
        self._close_dialog()
        from_a_record = request.item is None
        if request.cp_id is not None and not from_a_record:
            # The child's record, where the person may see it, beside the dialog.
            self._host.open_record(request.cp_id)
        parent: QWidget | None = self._host.window if from_a_record else self.window
        dialog: StepDialog
        if request.kind == "alert":
            dialog = AlertStepDialog(request, parent, training=self._training)
        elif request.kind in ("contact", "shield_request"):
            dialog = DecisionDialog(request, parent, training=self._training)
        else:
            dialog = ShieldStepDialog(request, parent, training=self._training)
        dialog.submitted.connect(self.flow.submit)
        dialog.cancelled.connect(self.flow.cancel)
        self.dialog = dialog
        dialog.open()  # window-modal, not blocking: the flow's answer closes it

    @Slot(object)
    def _dialog_problem(self, problem: Problem) -> None:
        if self.dialog is not None:
            self.dialog.show_problem(problem)

    @Slot()
    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.withdraw()
            dialog.deleteLater()

    @Slot(str)
    def _done(self, sentence: str) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(sentence)
        main = self._host.window
        if main is not None:
            main.statusBar().showMessage(sentence)

    @Slot(object)
    def _problem(self, problem: Problem) -> None:
        parent: QWidget | None = self._host.window
        if self.window is not None and self.window.isVisible():
            parent = self.window
        box = QMessageBox(
            QMessageBox.Icon.Warning, "ContactPoint", problem.text, QMessageBox.StandardButton.Ok
        )
        box.setParent(parent, box.windowFlags())
        box.setAccessibleName("ContactPoint notice")
        box.finished.connect(lambda _result: box.deleteLater())
        box.open()

    # --- who looked, and my requests -----------------------------------------------------

    @Slot(object)
    def _history_shown(self, page: Page[AccessEntry]) -> None:
        cp_id = self._history_cp_id
        if cp_id is None:
            return
        if self.history_dialog is None:
            dialog = AccessHistoryDialog(cp_id, self._host.window, training=self._training)
            dialog.page_wanted.connect(lambda number: self.show_history(cp_id, number))
            dialog.finished.connect(self._history_closed)
            self.history_dialog = dialog
        self.history_dialog.show(page)
        self.history_dialog.open()

    def _history_closed(self, _result: int) -> None:
        dialog, self.history_dialog = self.history_dialog, None
        self._history_cp_id = None
        if dialog is not None:
            dialog.clear()
            dialog.deleteLater()

    @Slot(object, object)
    def _my_requests_shown(self, contact: Page[WorkRequest], shield: Page[WorkRequest]) -> None:
        if self.my_requests is None:
            dialog = MyRequestsDialog(self._host.window, training=self._training)
            dialog.refresh_wanted.connect(self.show_my_requests)
            dialog.finished.connect(self._my_requests_closed)
            self.my_requests = dialog
        self.my_requests.show(contact, shield)
        self.my_requests.open()

    def _my_requests_closed(self, _result: int) -> None:
        dialog, self.my_requests = self.my_requests, None
        if dialog is not None:
            dialog.clear()
            dialog.deleteLater()

    def _dispose_window(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.dispose()
