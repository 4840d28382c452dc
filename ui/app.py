"""The application: the controller's signals turned into windows, and the windows' requests
handed to the flows that serve them. Every decision about the session is the controller's
(and its state machine's); this module only shows and hides.

    app = ClientApp(controller)      # controller: desktop.controller.Controller
    app.start()                      # the lock screen asks for a card

On lock every top-level window and dialog is hidden at once and the record views are
emptied; on sign-out the main window is destroyed, so nothing about a child outlives the
session in a widget.

The parts: the lock screen, the PIN dialog and the main window are routed here; the
dialogs and notices open over the main window are kept by ui.open_dialogs, so that a lock
closes them all; the requests about children are ui.record_flows', the settings
ui.settings_flow's, the management workspace's ui.workspace_screens'. The process around
it all (QApplication, no-export filter, capture protection) is ui.main's.
"""

from __future__ import annotations

import logging
from typing import cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import (
    Controller,
    DirectoryStatus,
    MachinePolicy,
    PinChangeRequest,
    PinPrompt,
    SignedInUser,
)
from ui.contrast import ContrastFollower
from ui.diagnostics_screen import DiagnosticsScreen
from ui.justification_dialog import JustificationDialog
from ui.lock_screen import LockScreen
from ui.main_window import MainWindow
from ui.open_dialogs import OpenDialogs
from ui.override_dialogs import OverrideDialogs
from ui.pin_change_dialog import PinChangeDialog
from ui.pin_dialog import PinDialog
from ui.record_flows import RecordFlows
from ui.settings_flow import SettingsFlow
from ui.text_scale import apply_text_scale
from ui.warm_up import warm_up_main_window
from ui.workspace_screens import WorkspaceScreens

log = logging.getLogger(__name__)


class ClientApp(QObject):
    def __init__(
        self,
        controller: Controller,
        parent: QObject | None = None,
        *,
        machine: MachinePolicy | None = None,
        lock_screen: LockScreen | None = None,
    ) -> None:
        """`machine` is the policy before this user's settings (the settings view shows
        what the user may change from it); by default the controller's own policy.
        `lock_screen`, one already on show (ui.main paints it before the rest loads)."""
        super().__init__(parent)
        self.controller = controller
        self.machine = machine if machine is not None else controller.policy
        self.training = controller.training
        # Issue 12: the text size and high contrast (the policy with the user's settings),
        # before the first window is built, as every widget takes its font when it is made
        # (ui.main applies them before the lock screen it paints first, the same way).
        qapp = cast(QApplication, QApplication.instance())
        apply_text_scale(qapp, controller.policy.text_scale_percent)
        self.contrast = ContrastFollower(qapp, controller.policy.high_contrast, self)
        self.lock_screen = (
            lock_screen if lock_screen is not None else LockScreen(training=self.training)
        )
        self.lock_screen.sign_out_requested.connect(controller.sign_out)
        self.window: MainWindow | None = None
        self.pin_dialog: PinDialog | None = None
        self.pin_change_dialog: PinChangeDialog | None = None
        self._dialogs = OpenDialogs(self)
        self._records = RecordFlows(controller, self, self._dialogs, training=self.training)
        self._settings = SettingsFlow(
            controller, self.machine, self, self._dialogs, training=self.training
        )
        # The shield override is a flow of its own (desktop.override, ui.override_dialogs).
        self.overrides = OverrideDialogs(
            controller, lambda: self.window, training=self.training, parent=self
        )
        self.overrides.flow.full_view.connect(self._records.show_record)
        self.overrides.flow.problem.connect(self._records.problem)
        # The management team's and shield officers' workspace, My requests and the access
        # history: flows of their own too (desktop.management, ui.workspace_screens).
        self.workspace = WorkspaceScreens(controller, self, training=self.training, parent=self)
        # The support report, from the lock screen or the main window (ui.diagnostics_screen).
        self.diagnostics = DiagnosticsScreen(controller, self.machine, self)
        self.lock_screen.diagnostics_requested.connect(self.diagnostics.open)
        # The main window's requests, by the names tests and the window's signals use.
        self.search = self._records.search
        self.cancel_search = self._records.cancel_search
        self.open_record = self._records.open_record
        self.record_involvement = self._records.record_involvement
        self.cease_involvement = self._records.cease_involvement
        self.ask_for_contact = self._records.ask_for_contact
        self.ask_for_shield = self._records.ask_for_shield
        self.open_settings = self._settings.open
        controller.token_wanted.connect(self._token_wanted)
        controller.pin_wanted.connect(self._pin_wanted)
        controller.signed_in.connect(self._signed_in)
        controller.locked.connect(self._locked)
        controller.records_cleared.connect(self._records_cleared)
        controller.signed_out.connect(self._signed_out)
        controller.directory_status.connect(self._directory_status)
        controller.pin_change_wanted.connect(self._pin_change_wanted)
        controller.pin_change_closed.connect(self._close_pin_change_dialog)
        controller.pin_change_told.connect(
            lambda text: self._dialogs.notice(QMessageBox.Icon.Information, text)
        )

    def start(self) -> None:
        self.lock_screen.show_insert_token()
        self.lock_screen.show()
        self.controller.start()
        # The first main window's one-off costs, now rather than at sign-in (ui.warm_up).
        QTimer.singleShot(0, self._warm_up)

    def _warm_up(self) -> None:
        if self.window is None:
            warm_up_main_window(self.training)

    def stop(self) -> None:
        self.overrides.flow.stop()
        self.workspace.stop()
        self.controller.stop()
        self.diagnostics.close()
        self._dialogs.close_all()
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

    def _pin_change_wanted(self, request: PinChangeRequest) -> None:
        self._close_pin_change_dialog()
        parent = None
        if request.purpose == "sign_in":
            # In place of the PIN dialog, over the lock screen (a window of its own, as the
            # PIN dialog is); from the session header, over the main window.
            self._close_pin_dialog()
            self.lock_screen.show_pin_needed()
            self.lock_screen.show()
        else:
            parent = self.window
        dialog = PinChangeDialog(request, parent, training=self.training)
        dialog.submitted.connect(self.controller.submit_pin_change)
        dialog.cancelled.connect(self.controller.cancel_pin_change)
        self.pin_change_dialog = dialog
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
        self._dialogs.close_all()
        self.workspace.close_all()
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
        window = MainWindow(user, self.training, open_single_match=self.machine.open_single_match)
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
        window.change_pin_requested.connect(self.controller.change_pin)
        window.diagnostics_requested.connect(self.diagnostics.open)
        window.shield_step_requested.connect(self.workspace.shield_step)
        window.history_requested.connect(self.workspace.show_history)
        window.workspace_requested.connect(self.workspace.open_workspace)
        window.my_requests_requested.connect(self.workspace.show_my_requests)
        return window

    @property
    def justification(self) -> JustificationDialog | None:
        """The shield override's justification dialog on screen, if any."""
        return self.overrides.dialog

    def override(self, cp_id: str) -> None:
        """Reasons and rule from the directory, the PIN state from the card, then ask."""
        self.overrides.flow.start(cp_id)

    # --- plumbing --------------------------------------------------------------------------

    def _close_pin_dialog(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.hide()
            self.pin_dialog.deleteLater()
            self.pin_dialog = None

    def _close_pin_change_dialog(self) -> None:
        dialog, self.pin_change_dialog = self.pin_change_dialog, None
        if dialog is not None:
            dialog.hide()  # empties its fields
            dialog.deleteLater()

    def _drop_operations(self) -> None:
        self._records.drop()
        self._settings.drop()
