"""The Settings dialog's flow: what the policy sets and what this user may tighten, and
the user's choice saved for the next start.

    flow = SettingsFlow(controller, machine_policy, app, dialogs, training=policy.training)
    window.settings_requested.connect(flow.open)

The file is written off the GUI thread (Controller.save_settings: it is flushed to the
disk, which a roaming profile can make slow), and the outcome is shown as a notice when it
is known: saved, or why not.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop import (
    Controller,
    MachinePolicy,
    Operation,
    Problem,
    SettingsModel,
    UserSettings,
    UserValue,
    read_user_settings,
)
from ui.open_dialogs import HasWindow, OpenDialogs
from ui.settings_dialog import SettingsDialog

SAVED = "Your settings are saved. They apply the next time you start ContactPoint."


class SettingsFlow:
    def __init__(
        self,
        controller: Controller,
        machine: MachinePolicy,
        app: HasWindow,
        dialogs: OpenDialogs,
        *,
        training: bool,
    ) -> None:
        """`machine` is the policy before this user's settings: the dialog shows what the
        user may change from it."""
        self._controller = controller
        self._machine = machine
        self._app = app
        self._dialogs = dialogs
        self._training = training
        self._saving: Operation[UserSettings] | None = None

    @property
    def saving(self) -> bool:
        """Whether a save is on its way and its outcome not yet shown."""
        return self._saving is not None

    def open(self) -> None:
        user = read_user_settings()
        model = SettingsModel.build(self._machine, user.values, file_problem=user.problem)
        dialog = SettingsDialog(model, parent=self._app.window, training=self._training)
        self._dialogs.open(dialog, self._save)

    def drop(self) -> None:
        """The session locked or ended: the file is still written, but nothing pops up."""
        if self._saving is not None:
            self._saving.cancel()
            self._saving = None

    def _save(self, changes: dict[str, UserValue | None]) -> None:
        self.drop()
        self._saving = self._controller.save_settings(
            changes, success=self._saved, failure=self._not_saved
        )

    def _saved(self, _: UserSettings) -> None:
        self._saving = None
        self._dialogs.notice(QMessageBox.Icon.Information, SAVED)

    def _not_saved(self, problem: Problem) -> None:
        self._saving = None
        self._dialogs.notice(QMessageBox.Icon.Warning, problem.text)
