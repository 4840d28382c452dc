"""Every window and dialog the client shows, in each of its states, for the accessibility
tests (opened as tests/ui/test_mnemonics.py opens them).

    for where, window in every_window(qtbot): ...

Each generator changes its windows between two yields (a search's results, then a record,
...): check a window when it is yielded, not after the loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop import RecordModel, SignedInUser
from desktop.settings import SettingsModel
from tests.ui import samples
from tests.ui.prompts import pin_prompt
from tests.ui.test_justification_dialog import REASONS, RULE
from tests.ui.test_settings_dialog import LOCKED, machine
from tests.ui.workspace import samples as workspace_samples
from tests.ui.workspace.test_dialogs import every_dialog
from tests.ui.workspace.test_window import filled
from ui.cease_dialog import CeaseDialog
from ui.contact_request_dialog import ContactRequestDialog
from ui.diagnostics_window import DiagnosticsWindow
from ui.involvement_dialog import InvolvementDialog
from ui.justification_dialog import JustificationDialog
from ui.lock_screen import LockScreen
from ui.main_window import MainWindow
from ui.pin_dialog import PinDialog
from ui.pin_entry import PinEntry
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


Seen = Iterator[tuple[str, QWidget]]  # (where, the window in that state)


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def main_windows(qtbot: QtBot) -> Iterator[tuple[str, MainWindow]]:
    for user, records in ROLES:
        window = MainWindow(user, training=True)
        window.resize(1400, 860)
        shown(qtbot, window)
        yield f"{user.role_label}: no record", window
        window.show_outcome(samples.search_outcome())
        yield f"{user.role_label}: results", window
        for record in records:
            window.show_record(record())
            yield f"{user.role_label}: {record.__name__}", window


def other_windows(qtbot: QtBot) -> Seen:
    screen = LockScreen(training=True)
    yield "lock screen", shown(qtbot, screen)
    screen.show_locked("idle")
    yield "lock screen locked", screen
    screen.show_signed_out()
    yield "lock screen signed out", screen
    prompt = pin_prompt(purpose="override")
    yield "justification", shown(qtbot, JustificationDialog(REASONS, RULE, prompt, training=True))
    for policy in (LOCKED, machine()):
        model = SettingsModel.build(policy, {})
        yield "settings", shown(qtbot, SettingsDialog(model, training=True))
    today = samples.NOW.date()
    involvement = InvolvementDialog(today=today)
    yield "involvement", shown(qtbot, involvement)
    involvement.caf.setChecked(True)
    involvement.caf_done.setChecked(True)
    yield "involvement with a CAF", involvement
    for dialog in (CeaseDialog(today=today), ContactRequestDialog(), ShieldRequestDialog()):
        yield type(dialog).__name__, shown(qtbot, dialog)
    diagnostics = DiagnosticsWindow()
    yield "diagnostics being made", shown(qtbot, diagnostics)
    diagnostics.show_report("ContactPoint support report\n")
    yield "diagnostics", diagnostics
    yield from workspace_windows(qtbot)


def workspace_windows(qtbot: QtBot) -> Seen:
    window = WorkspaceWindow(workspace_samples.MANAGER, training=True)
    filled(window)
    shown(qtbot, window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        yield f"workspace {window.tabs.tabText(index)}", window
    yield from workspace_dialogs(qtbot)
    window.dispose()


def workspace_dialogs(qtbot: QtBot) -> Seen:
    """Every step dialog of the workspace, the access history and My requests, filled."""
    for dialog in every_dialog():
        yield dialog.windowTitle(), shown(qtbot, dialog)
    history = AccessHistoryDialog(workspace_samples.CHILD_A, training=True)
    shown(qtbot, history)
    history.show(workspace_samples.access(page=2, total=153))
    yield "access history", history
    mine = MyRequestsDialog()
    shown(qtbot, mine)
    mine.show(workspace_samples.own_requests("contact"), workspace_samples.own_requests("shield"))
    yield "my requests", mine


def pin_dialogs(qtbot: QtBot) -> Seen:
    for purpose in ("sign_in", "unlock"):
        for password in (False, True):
            prompt = pin_prompt(purpose=purpose, password_needed=password)
            yield f"PIN {purpose}", shown(qtbot, PinDialog(prompt, training=True))


def every_window(qtbot: QtBot) -> Seen:
    yield from main_windows(qtbot)
    yield from other_windows(qtbot)
    yield from pin_dialogs(qtbot)


def not_theirs(window: QWidget) -> list[QWidget]:
    """The parts of `window` other work is changing: the session header and the PIN entry
    (h12-pin), the record (h12-record). They have tests of their own."""
    parts: list[QWidget] = [*window.findChildren(PinEntry)]
    if isinstance(window, MainWindow):
        parts += [window.header, window.record]
    return parts
