"""The application: the controller's signals turned into windows, and the windows' requests
into the controller's operations. Every decision about the session is the controller's
(and its state machine's); this module only shows and hides.

    app = ClientApp(controller)      # controller: desktop.controller.Controller
    app.start()                      # the lock screen asks for a card

On lock every top-level window and dialog is hidden at once and the record views are
emptied; on sign-out the main window is destroyed, so nothing about a child outlives the
session in a widget.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.bootstrap import StartupError, build_controller
from desktop.controller import Controller
from desktop.identity import DirectoryStatus, SignedInUser
from desktop.login import PinPrompt
from desktop.operations import Operation
from desktop.policy import MachinePolicy, read_user_settings, save_user_changes
from desktop.problems import Problem
from desktop.records import RecordModel, SearchOutcome
from desktop.requests import CeaseDraft, ContactDraft, InvolvementDraft, ShieldDraft
from desktop.settings import SettingsModel, with_user_settings
from ui.cease_dialog import CeaseDialog
from ui.contact_request_dialog import ContactRequestDialog
from ui.involvement_dialog import InvolvementDialog
from ui.justification_dialog import JustificationDialog
from ui.lock_screen import LockScreen
from ui.main_window import MainWindow
from ui.no_export import install_no_export
from ui.override_dialogs import OverrideDialogs
from ui.pin_dialog import PinDialog
from ui.protect import install_protect_on_show
from ui.settings_dialog import SettingsDialog
from ui.shield_request_dialog import ShieldRequestDialog

log = logging.getLogger(__name__)


class ClientApp(QObject):
    def __init__(
        self,
        controller: Controller,
        parent: QObject | None = None,
        *,
        machine: MachinePolicy | None = None,
    ) -> None:
        """`machine` is the policy before this user's settings (the settings view shows
        what the user may change from it); by default the controller's own policy."""
        super().__init__(parent)
        self.controller = controller
        self.machine = machine if machine is not None else controller.policy
        self.training = controller.training
        self.lock_screen = LockScreen(training=self.training)
        self.lock_screen.sign_out_requested.connect(controller.sign_out)
        self.window: MainWindow | None = None
        self.pin_dialog: PinDialog | None = None
        # The shield override is a flow of its own (desktop.override, ui.override_dialogs).
        self.overrides = OverrideDialogs(
            controller, lambda: self.window, training=self.training, parent=self
        )
        self.overrides.flow.full_view.connect(self._show_record)
        self.overrides.flow.problem.connect(self._problem)
        self._dialogs: list[QDialog] = []
        self._search: Operation[Any] | None = None
        self._record: Operation[Any] | None = None
        controller.token_wanted.connect(self._token_wanted)
        controller.pin_wanted.connect(self._pin_wanted)
        controller.signed_in.connect(self._signed_in)
        controller.locked.connect(self._locked)
        controller.records_cleared.connect(self._records_cleared)
        controller.signed_out.connect(self._signed_out)
        controller.directory_status.connect(self._directory_status)

    def start(self) -> None:
        self.lock_screen.show_insert_token()
        self.lock_screen.show()
        self.controller.start()

    def stop(self) -> None:
        self.overrides.flow.stop()
        self.controller.stop()
        self._close_dialogs()
        if self.window is not None:
            self.window.dispose()
            self.window = None
        self.lock_screen.close()

    # --- the session ---------------------------------------------------------------------

    def _token_wanted(self, text: str) -> None:
        self._close_pin_dialog()
        if self.window is None:
            self.lock_screen.show_insert_token()
        else:
            self.lock_screen.show_locked(text)
        self.lock_screen.show()

    def _pin_wanted(self, prompt: PinPrompt) -> None:
        self._close_pin_dialog()
        self.lock_screen.show_pin_needed()  # the card is in: "Insert your card" is past
        self.lock_screen.show()
        # A window of its own, not a child of the lock screen: the lock screen's dark style
        # sheet would cascade into the dialog and leave its text unreadable.
        dialog = PinDialog(prompt, training=self.training)
        dialog.submitted.connect(self._pin_submitted)
        dialog.token_chosen.connect(self.controller.choose_token)
        self.pin_dialog = dialog
        dialog.open()

    def _pin_submitted(self, pin: bytearray, password: str | None) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.setEnabled(False)  # one attempt at a time; the answer re-asks
        self.controller.submit_pin(pin, password)

    def _signed_in(self, user: SignedInUser) -> None:
        self._close_pin_dialog()
        if self.window is not None and self.window.user != user:
            self.window.dispose()
            self.window = None
        if self.window is None:
            self.window = self._main_window(user)
        self.window.set_directory_status(self.controller.status)
        self.lock_screen.hide()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.window.focus_search()

    def _locked(self, reason: str) -> None:
        # Everything goes at once: windows, dialogs, message boxes. Only the lock screen,
        # which shows nothing about anyone, stays.
        self._drop_operations()
        self._close_dialogs()
        self._close_pin_dialog()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.lock_screen and widget.isVisible():
                widget.hide()
        self.lock_screen.show_locked(reason)
        self.lock_screen.show()
        self.lock_screen.raise_()

    def _records_cleared(self) -> None:
        self._drop_operations()
        if self.window is not None:
            self.window.clear_everything()

    def _signed_out(self, reason: str) -> None:
        self._locked(reason)
        if self.window is not None:
            self.window.dispose()
            self.window = None
        self.lock_screen.show_signed_out()

    def _directory_status(self, status: DirectoryStatus) -> None:
        if self.window is not None:
            self.window.set_directory_status(status)

    # --- the main window's requests --------------------------------------------------------

    def _main_window(self, user: SignedInUser) -> MainWindow:
        window = MainWindow(user, self.training)
        window.search_requested.connect(self.search)
        window.cancel_requested.connect(self.cancel_search)
        window.open_requested.connect(self.open_record)
        window.override_requested.connect(self.override)
        window.involvement_requested.connect(self.record_involvement)
        window.cease_requested.connect(self.cease_involvement)
        window.contact_requested.connect(self.ask_for_contact)
        window.shield_requested.connect(self.ask_for_shield)
        window.lock_requested.connect(self.controller.lock_now)
        window.sign_out_requested.connect(self.controller.sign_out)
        window.settings_requested.connect(self.open_settings)
        return window

    def search(self, criteria: dict[str, str | int], mode: str) -> None:
        window = self._require_window()
        window.set_searching(True)
        self._search = self.controller.search(
            criteria,
            mode,
            success=self._searched,
            failure=lambda problem: window.show_search_problem(problem.text),
        )

    def _searched(self, outcome: SearchOutcome) -> None:
        self._search = None
        if self.window is not None:
            self.window.show_outcome(outcome)

    def cancel_search(self) -> None:
        if self._search is not None:
            self._search.cancel()
            self._search = None
        if self.window is not None:
            self.window.set_searching(False)

    def open_record(self, cp_id: str) -> None:
        self._record = self.controller.open_record(
            cp_id,
            success=self._show_record,
            failure=self._problem,
            # The directory cannot be reached: this user's cached copy, read-only, aged.
            cached=lambda body, fetched_at: self._show_record(body, cached_at=fetched_at),
        )

    def _show_record(
        self,
        body: dict[str, Any],
        alert_reference: str | None = None,
        *,
        cached_at: dt.datetime | None = None,
    ) -> None:
        self._record = None
        window = self.window
        if window is None:
            return
        try:
            record = RecordModel.from_json(body)
        except ValueError as exc:
            self._problem(Problem.of(exc))
            return
        window.show_record(record, alert_reference, cached_at=cached_at)

    @property
    def justification(self) -> JustificationDialog | None:
        """The shield override's justification dialog on screen, if any."""
        return self.overrides.dialog

    def override(self, cp_id: str) -> None:
        """Reasons and rule from the directory, the PIN state from the card, then ask."""
        self.overrides.flow.start(cp_id)

    def record_involvement(self, cp_id: str) -> None:
        def submitted(draft: InvolvementDraft) -> None:
            self.controller.add_involvement(
                cp_id, draft, success=lambda _: self.open_record(cp_id), failure=self._problem
            )

        self._open_dialog(InvolvementDialog(parent=self.window, training=self.training), submitted)

    def cease_involvement(self, cp_id: str, involvement_id: str) -> None:
        def submitted(draft: CeaseDraft) -> None:
            self.controller.cease_involvement(
                cp_id,
                involvement_id,
                draft,
                success=lambda _: self.open_record(cp_id),
                failure=self._problem,
            )

        self._open_dialog(CeaseDialog(parent=self.window, training=self.training), submitted)

    def ask_for_contact(self, cp_id: str) -> None:
        def submitted(draft: ContactDraft) -> None:
            self.controller.request_contact(
                cp_id, draft, success=self._receipt, failure=self._problem
            )

        dialog = ContactRequestDialog(parent=self.window, training=self.training)
        self._open_dialog(dialog, submitted)

    def ask_for_shield(self, cp_id: str) -> None:
        def submitted(draft: ShieldDraft) -> None:
            self.controller.request_shield(
                cp_id, draft, success=self._receipt, failure=self._problem
            )

        dialog = ShieldRequestDialog(parent=self.window, training=self.training)
        self._open_dialog(dialog, submitted)

    def open_settings(self) -> None:
        """What the policy sets and what this user may tighten; saved for the next start."""
        user = read_user_settings()
        model = SettingsModel.build(self.machine, user.values, file_problem=user.problem)
        dialog = SettingsDialog(model, parent=self.window, training=self.training)

        def submitted(changes: dict[str, str | int | bool | None]) -> None:
            try:
                save_user_changes(changes)
            except OSError as exc:
                self._problem(Problem.of(exc))
                return
            self._notice(
                QMessageBox.Icon.Information,
                "Your settings are saved. They apply the next time you start ContactPoint.",
            )

        self._open_dialog(dialog, submitted)

    # --- plumbing --------------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog, submitted: Callable[[Any], None]) -> None:
        self._dialogs.append(dialog)
        dialog.submitted.connect(submitted)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        dialog.deleteLater()

    def _close_dialogs(self) -> None:
        for dialog in list(self._dialogs):
            dialog.reject()
        self._dialogs.clear()

    def _close_pin_dialog(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.hide()
            self.pin_dialog.deleteLater()
            self.pin_dialog = None

    def _drop_operations(self) -> None:
        for operation in (self._search, self._record):
            if operation is not None:
                operation.cancel()
        self._search = self._record = None

    def _require_window(self) -> MainWindow:
        assert self.window is not None, "directory work is only offered in the main window"
        return self.window

    def _receipt(self, receipt: dict[str, str]) -> None:
        reference = receipt.get("reference", "")
        self._notice(
            QMessageBox.Icon.Information,
            f"Your request has been sent to the management team. Reference: {reference}",
        )

    def _problem(self, problem: Problem) -> None:
        self._record = None
        self._notice(QMessageBox.Icon.Warning, problem.text)

    def _notice(self, icon: QMessageBox.Icon, text: str) -> None:
        parent: QWidget | None = self.window
        box = QMessageBox(icon, "ContactPoint", text, QMessageBox.StandardButton.Ok, parent)
        box.setAccessibleName("ContactPoint notice")
        self._dialogs.append(box)
        box.finished.connect(lambda _result: self._forget(box))
        box.open()


def open_client(policy: MachinePolicy) -> int:
    """Open the desktop client on `policy` and run it until the user quits; the exit status.

    The no-export filter and capture protection are installed before the first window
    exists, so that no window is ever shown without them.
    """
    if no_screen():
        print(NO_SCREEN, file=sys.stderr)
        return 2
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("ContactPoint")
    # The lock screen is hidden while the main window is up and shown again when it goes:
    # quitting is an explicit act (closing the lock screen), never a side effect of that.
    app.setQuitOnLastWindowClosed(False)
    install_no_export(app)
    install_protect_on_show(app, policy.capture_protection)
    try:
        controller = build_controller(with_user_settings(policy))
    except StartupError as exc:
        print(f"contactpoint: {exc}", file=sys.stderr)
        return 2
    client = ClientApp(controller, machine=policy)
    client.lock_screen.installEventFilter(_QuitOnClose(app))
    client.start()
    try:
        return app.exec()
    finally:
        client.stop()


NO_SCREEN = (
    "contactpoint: there is no screen to open the client on (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set). Run it from a desktop session, or under xvfb-run."
)


def no_screen() -> bool:
    """On Linux, Qt without a display server aborts the process; say so instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class _QuitOnClose(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            QApplication.quit()
        return False
