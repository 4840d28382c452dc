"""Accessibility (issue 12, WCAG 2.2 AA where it applies to a desktop program), checked
through what a screen reader and a keyboard user get, in every window and dialog the client
shows (opened as tests/ui/test_mnemonics.py opens them):

* every control has a name and a description (Qt's accessibility interface), and every
  section of a record a name and a description;
* Tab follows reading order;
* at 200% text nothing is cut: every visible label and button has the room its text needs;
* high contrast follows the system and the policy, and draws a strong palette with thick
  focus outlines;
* colour is never the only signal: what is coloured in a record also says it in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain

import pytest
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QGroupBox,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.settings import SettingsModel
from tests.ui import samples
from tests.ui.accessibility import interfaces, problems
from tests.ui.prompts import pin_prompt
from tests.ui.reading_order import out_of_order
from tests.ui.render import render
from tests.ui.test_justification_dialog import REASONS, RULE
from tests.ui.test_mnemonics import ROLES
from tests.ui.test_settings_dialog import LOCKED, machine
from tests.ui.workspace import samples as workspace_samples
from tests.ui.workspace.test_dialogs import every_dialog
from tests.ui.workspace.test_window import filled
from ui import contrast
from ui.cease_dialog import CeaseDialog
from ui.contact_request_dialog import ContactRequestDialog
from ui.involvement_dialog import InvolvementDialog
from ui.justification_dialog import JustificationDialog
from ui.lock_screen import LockScreen
from ui.main_window import MainWindow
from ui.pin_dialog import PinDialog
from ui.pin_entry import PinEntry
from ui.settings_dialog import SettingsDialog
from ui.shield_request_dialog import ShieldRequestDialog
from ui.text_scale import apply_text_scale
from ui.workspace.access_history import AccessHistoryDialog
from ui.workspace.my_requests import MyRequestsDialog
from ui.workspace.window import WorkspaceWindow

# (where, the window in that state); the main window's record and session header are
# checked on their own below (other work changes them), everything else here.
Seen = Iterator[tuple[str, QWidget]]
Check = Callable[[QWidget], list[str]]


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
    yield from workspace_windows(qtbot)


def workspace_windows(qtbot: QtBot) -> Seen:
    window = WorkspaceWindow(workspace_samples.MANAGER, training=True)
    filled(window)
    shown(qtbot, window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        yield f"workspace {window.tabs.tabText(index)}", window
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
    window.dispose()


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
    (h12-pin), the record (h12-record). They have tests of their own below."""
    parts: list[QWidget] = [*window.findChildren(PinEntry)]
    if isinstance(window, MainWindow):
        parts += [window.header, window.record]
    return parts


# --- names and descriptions -------------------------------------------------------------------


def test_every_control_is_named_and_described(qtbot: QtBot) -> None:
    for where, window in chain(main_windows(qtbot), other_windows(qtbot)):
        assert problems(window, skip=not_theirs(window)) == [], where


def record_problems(window: MainWindow) -> list[str]:
    """A record's controls and its sections (frames holding other things), as read."""
    found = problems(window.record)
    for item in interfaces(window.record):
        obj = item.object()
        section = isinstance(obj, QFrame | QGroupBox) and not isinstance(
            obj, QLabel | QAbstractScrollArea
        )
        if section and item.childCount() > 0:
            name = item.text(QAccessible.Text.Name).strip()
            description = item.text(QAccessible.Text.Description).strip()
            if not (name and description):
                found.append(f"section {name!r} has no {'description' if name else 'name'}")
    return found


@pytest.mark.xfail(strict=True, reason="record view being rewritten by h12-record")
def test_every_record_section_and_control_is_named_and_described(qtbot: QtBot) -> None:
    # RECORD PART: the record's sections (Address, GP practice, ...) and its buttons.
    for where, window in main_windows(qtbot):
        assert record_problems(window) == [], where


@pytest.mark.xfail(strict=True, reason="session header and PIN dialogs being changed by h12-pin")
def test_the_session_header_and_the_pin_dialogs_are_named_described_and_in_order(
    qtbot: QtBot,
) -> None:
    # The header's buttons lack descriptions and Tab takes them right to left; the PIN
    # dialog's fields and buttons lack descriptions.
    found = []
    for where, window in main_windows(qtbot):
        found += [f"{where}: {line}" for line in problems(window.header)]
        found += [f"{where}: {line}" for line in out_of_order(window, skip=[window.record])]
    for where, window in chain(pin_dialogs(qtbot), other_windows(qtbot)):
        for entry in window.findChildren(PinEntry):
            found += [f"{where}: {line}" for line in problems(entry)]
    for where, window in pin_dialogs(qtbot):
        found += [f"{where}: {line}" for line in problems(window) + out_of_order(window)]
    assert found == []


# --- Tab order --------------------------------------------------------------------------------


def test_tab_follows_reading_order(qtbot: QtBot) -> None:
    for where, window in chain(main_windows(qtbot), other_windows(qtbot)):
        # The record's own order is the record's; the header's is checked above.
        skip = [window.header] if isinstance(window, MainWindow) else not_theirs(window)
        assert out_of_order(window, skip=skip) == [], where
