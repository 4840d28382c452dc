"""No two visible controls in one window share an Alt letter (tests/ui/mnemonics.py), in every
window and dialog the client shows: the main window for each role, with no record, a full
record and a shielded one open; the lock screen; the PIN dialogs and the PIN change;
settings; every action dialog; the workspace window, each of its tabs at each item, and
its dialogs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop import RecordModel, SignedInUser
from desktop.settings import SettingsModel
from tests.ui import samples
from tests.ui.mnemonics import mnemonic_clashes, mnemonics
from tests.ui.pin_change_requests import change_request
from tests.ui.prompts import pin_prompt
from tests.ui.test_justification_dialog import REASONS, RULE
from tests.ui.test_settings_dialog import LOCKED, machine
from tests.ui.workspace import samples as workspace_samples
from tests.ui.workspace.test_dialogs import every_dialog
from tests.ui.workspace.test_window import filled
from ui.cease_dialog import CeaseDialog
from ui.contact_request_dialog import ContactRequestDialog
from ui.involvement_dialog import InvolvementDialog
from ui.justification_dialog import JustificationDialog
from ui.lock_screen import LockScreen
from ui.main_window import MainWindow
from ui.pin_change_dialog import PinChangeDialog
from ui.pin_dialog import PinDialog
from ui.settings_dialog import SettingsDialog
from ui.shield_request_dialog import ShieldRequestDialog
from ui.workspace.access_history import AccessHistoryDialog
from ui.workspace.my_requests import MyRequestsDialog
from ui.workspace.window import WorkspaceWindow

Sample = Callable[[], RecordModel]

# Each role with the records it is shown: a full one and a shielded one where it has both.
ROLES: list[tuple[SignedInUser, list[Sample]]] = [
    (samples.PRACTITIONER, [samples.standard_record, samples.shielded_record]),
    (samples.CLINICIAN, [samples.clinic_record, samples.shielded_record]),
    (samples.OVERRIDER, [samples.override_record, samples.shielded_record]),
    (samples.MANAGER, [samples.management_record, samples.archived_record]),
    (samples.SHIELD_OFFICER, [samples.officer_record, samples.standard_record]),
]
EVERY_RECORD: list[Sample] = list(dict.fromkeys(r for _, records in ROLES for r in records))


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)


def no_clash(widget: QWidget, where: str) -> None:
    assert mnemonic_clashes(widget) == [], where


@pytest.mark.parametrize(("user", "records"), ROLES, ids=[user.role_label for user, _ in ROLES])
def test_the_main_window_for_every_role_and_record(
    qtbot: QtBot, user: SignedInUser, records: list[Sample]
) -> None:
    window = MainWindow(user, training=True)
    window.resize(1400, 860)
    shown(qtbot, window)
    no_clash(window, "no record")
    window.show_outcome(samples.search_outcome())
    no_clash(window, "results")
    for record in records:
        window.show_record(record())
        no_clash(window, record.__name__)
    window.set_searching(True)  # "Cancel search" shows while a search runs
    no_clash(window, "searching")


@pytest.mark.parametrize(("user", "_records"), ROLES, ids=[user.role_label for user, _ in ROLES])
def test_change_my_pins_letter_is_nobody_elses_whatever_record_is_open(
    qtbot: QtBot, user: SignedInUser, _records: list[Sample]
) -> None:
    # The header's letter must hold in every window a person can have, not only those above.
    window = MainWindow(user, training=True)
    window.resize(1400, 860)
    shown(qtbot, window)
    button = window.header.change_pin_button
    key = mnemonics(button)[0][0]
    for record in EVERY_RECORD:
        window.show_record(record())
        clashing = [what for letter, what in mnemonics(window) if letter == key]
        assert clashing == [f"QPushButton {button.text()!r}"], record.__name__


def test_the_lock_screen_in_each_state(qtbot: QtBot) -> None:
    screen = LockScreen(training=True)
    shown(qtbot, screen)
    no_clash(screen, "insert card")
    screen.show_locked("idle")
    no_clash(screen, "locked")
    screen.show_signed_out()
    no_clash(screen, "signed out")


@pytest.mark.parametrize("purpose", ["sign_in", "unlock"])
def test_the_pin_dialogs(qtbot: QtBot, purpose: str) -> None:
    for prompt in (
        pin_prompt(purpose=purpose),
        pin_prompt(purpose=purpose, password_needed=True),
    ):
        dialog = PinDialog(prompt, training=True)
        shown(qtbot, dialog)
        no_clash(dialog, purpose)


@pytest.mark.parametrize("purpose", ["sign_in", "menu"])
def test_the_pin_change(qtbot: QtBot, purpose: str) -> None:
    for request in (
        change_request(purpose=purpose),
        change_request(purpose=purpose, failure="The current PIN was not correct.", count_low=True),
    ):
        dialog = PinChangeDialog(request, training=True)
        shown(qtbot, dialog)
        no_clash(dialog, purpose)


def test_the_override_justification(qtbot: QtBot) -> None:
    dialog = JustificationDialog(REASONS, RULE, pin_prompt(purpose="override"), training=True)
    shown(qtbot, dialog)
    no_clash(dialog, "justification")


def test_settings(qtbot: QtBot) -> None:
    for policy in (LOCKED, machine()):
        dialog = SettingsDialog(SettingsModel.build(policy, {}), training=True)
        shown(qtbot, dialog)
        no_clash(dialog, "settings")


def test_every_action_dialog(qtbot: QtBot) -> None:
    today = samples.NOW.date()
    involvement = InvolvementDialog(today=today)
    shown(qtbot, involvement)
    no_clash(involvement, "involvement")
    involvement.caf.setChecked(True)  # shows the CAF's dates
    involvement.caf_done.setChecked(True)
    no_clash(involvement, "involvement with a CAF")
    for dialog in (CeaseDialog(today=today), ContactRequestDialog(), ShieldRequestDialog()):
        shown(qtbot, dialog)
        no_clash(dialog, type(dialog).__name__)


def test_the_workspace_at_every_tab_and_item(qtbot: QtBot) -> None:
    window = WorkspaceWindow(workspace_samples.MANAGER, training=True)
    filled(window)
    shown(qtbot, window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        table = window.tabs.currentWidget().findChild(type(window.alerts.table))
        rows = table.model().rowCount() if table is not None else 0
        for row in range(max(rows, 1)):
            if table is not None and rows:
                table.setCurrentIndex(table.model().index(row, 0))
            no_clash(window, f"{window.tabs.tabText(index)} row {row}")
    window.dispose()


def test_the_workspace_dialogs(qtbot: QtBot) -> None:
    for dialog in every_dialog():
        shown(qtbot, dialog)
        no_clash(dialog, dialog.windowTitle())
        dialog.withdraw()
    history = AccessHistoryDialog(workspace_samples.CHILD_A, training=True)
    shown(qtbot, history)
    history.show(workspace_samples.access(page=2, total=153))
    no_clash(history, "access history")
    mine = MyRequestsDialog()
    shown(qtbot, mine)
    mine.show(workspace_samples.own_requests("contact"), workspace_samples.own_requests("shield"))
    no_clash(mine, "my requests")
