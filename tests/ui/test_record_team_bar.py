"""The record's shield and team buttons (ui.record_team_bar.TeamBar) in the main window,
on records the directory really sends (tests/ui/samples.py): who sees which buttons, what a
click asks for, where Tab goes, and that their Alt+letters are nobody else's.

The users' names are their unique names, as the session's `user.name` says them: the
sample shield was placed by "Zzofficer", so "zz-officer" is another officer and may confirm.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from contract.codes import ShieldEvent, ShieldPhase
from desktop import RecordModel, SignedInUser
from tests.directory.builders import LA_NORTH
from tests.ui.mnemonics import mnemonics
from tests.ui.render import render
from tests.ui.samples import cp_id_of, record_json, search_outcome, standard_record
from ui.main_window import MainWindow

OFFICER = SignedInUser("zz-officer", "Northtown", ("shield_officer",), LA_NORTH)
MANAGER = SignedInUser("zz-manager", "Northtown", ("management",), LA_NORTH)
TEACHER = SignedInUser("zz-teacher", "Zzschool Primary", ("practitioner",), None)
Sample = Callable[[], RecordModel]
CACHED_AT = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)

# The accessible names of ui.record_team_bar's buttons.
CONFIRM, PROPOSE, RENEW = (
    "Confirm the shield",
    "Propose lifting the shield",
    "Renew the shield after a review",
)
PLACE, HISTORY = "Place a shield", "Who has looked at this child"


def officer_record() -> RecordModel:
    return RecordModel.from_json(record_json("officer"))


def management_record() -> RecordModel:
    return RecordModel.from_json(record_json("management"))


def _window(qtbot: QtBot, user: SignedInUser, record: RecordModel | None = None) -> MainWindow:
    window = MainWindow(user, training=True)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    window.show_outcome(search_outcome())
    if record is not None:
        window.show_record(record)
    return window


def _team(window: MainWindow) -> list[str]:
    bar = window.record.team_bar
    return [b.accessibleName() for b in bar.buttons()] if bar.isVisible() else []


def _button(window: MainWindow, accessible: str) -> QPushButton:
    (found,) = [b for b in window.record.team_bar.buttons() if b.accessibleName() == accessible]
    return found


@pytest.mark.parametrize(
    ("user", "record", "expected"),
    [
        (OFFICER, officer_record, [CONFIRM, PROPOSE, RENEW]),
        (MANAGER, management_record, [PROPOSE, RENEW, HISTORY]),
        (OFFICER, standard_record, [PLACE]),
        (MANAGER, standard_record, []),  # no shield to work, no team view of who looked
        (TEACHER, standard_record, []),
    ],
    ids=["officer", "manager", "officer-unshielded", "manager-unshielded", "teacher"],
)
def test_each_role_sees_its_buttons(
    qtbot: QtBot, user: SignedInUser, record: Sample, expected: list[str]
) -> None:
    window = _window(qtbot, user, record())
    assert _team(window) == expected


@pytest.mark.parametrize(
    ("user", "record"), [(OFFICER, officer_record), (MANAGER, management_record)]
)
def test_a_saved_copy_shown_offline_offers_no_team_button(
    qtbot: QtBot, user: SignedInUser, record: Sample
) -> None:
    window = _window(qtbot, user)
    window.show_record(record(), cached_at=CACHED_AT)
    assert window.record.team_bar.isHidden() and _team(window) == []


def test_closing_the_record_takes_the_buttons_away(qtbot: QtBot) -> None:
    window = _window(qtbot, MANAGER, management_record())
    window.close_record()
    assert window.record.team_bar.isHidden()


@pytest.mark.parametrize(
    ("accessible", "event", "review"),
    [
        (CONFIRM, ShieldEvent.CONFIRM, False),
        (PROPOSE, ShieldEvent.PROPOSE_LIFT, False),
        (RENEW, ShieldEvent.RENEW, True),
    ],
)
def test_a_shield_button_asks_the_main_window_for_its_step(
    qtbot: QtBot, accessible: str, event: ShieldEvent, review: bool
) -> None:
    window = _window(qtbot, OFFICER, officer_record())
    with qtbot.waitSignal(window.shield_step_requested, timeout=1000) as blocker:
        _button(window, accessible).click()
    assert blocker.args == [cp_id_of("beta"), event, review, ShieldPhase.UNCONFIRMED]


def test_placing_asks_with_the_unshielded_childs_id_and_no_phase(qtbot: QtBot) -> None:
    window = _window(qtbot, OFFICER, standard_record())
    with qtbot.waitSignal(window.shield_step_requested, timeout=1000) as blocker:
        _button(window, PLACE).click()
    # No shield block, so no phase on the record: the flow asks the directory's reasons.
    assert blocker.args == [cp_id_of("alpha"), ShieldEvent.PLACE, False, None]


def test_access_history_asks_with_the_childs_id(qtbot: QtBot) -> None:
    window = _window(qtbot, MANAGER, management_record())
    with qtbot.waitSignal(window.history_requested, timeout=1000) as blocker:
        _button(window, HISTORY).click()
    assert blocker.args == [cp_id_of("beta")]


@pytest.mark.parametrize(
    ("user", "record"), [(OFFICER, officer_record), (MANAGER, management_record)]
)
def test_tab_reaches_the_team_buttons_after_the_record_and_before_close(
    qtbot: QtBot, user: SignedInUser, record: Sample
) -> None:
    window = _window(qtbot, user, record())
    view = window.record
    scroll = view.findChild(QScrollArea, "record_scroll")
    assert scroll is not None
    buttons = view.buttons()
    team = view.team_bar.buttons()
    assert team and buttons[-1] is view.close_button
    qtbot.waitUntil(lambda: view.complete)  # the record's later blocks come a turn each
    window.activateWindow()
    scroll.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is scroll, timeout=1000)
    reached: list[QWidget] = []
    # Tab also stops at each block of the record (read out by a screen reader): the
    # buttons are the stops that are buttons.
    for _ in range(40):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        if isinstance(focused, QPushButton):
            reached.append(focused)
        if focused is view.close_button:
            break
    assert reached == buttons
    # The team's row comes straight after the record's own buttons.
    start = buttons.index(team[0])
    assert buttons[start : start + len(team)] == team


@pytest.mark.parametrize(
    ("user", "record"),
    [(OFFICER, officer_record), (MANAGER, management_record), (OFFICER, standard_record)],
    ids=["officer", "manager", "officer-unshielded"],
)
def test_the_team_buttons_alt_letters_are_nobody_elses_in_the_main_window(
    qtbot: QtBot, user: SignedInUser, record: Sample
) -> None:
    # The team bar's own letters; tests/ui/test_mnemonics.py checks the whole window.
    window = _window(qtbot, user, record())
    ours = [*window.record.team_bar.buttons(), window.header.workspace_button]
    assert all(b.isVisible() for b in ours)
    found = mnemonics(window)
    for button in ours:
        key = mnemonics(button)[0][0]
        clashing = [what for letter, what in found if letter == key]
        assert clashing == [f"QPushButton {button.text()!r}"], clashing


def test_my_requests_alt_letter_is_nobody_elses_in_a_practitioners_window(
    qtbot: QtBot,
) -> None:
    window = _window(qtbot, TEACHER, standard_record())
    button = window.header.my_requests_button
    assert button.isVisible() and not window.header.workspace_button.isVisible()
    key = mnemonics(button)[0][0]
    assert [what for letter, what in mnemonics(window) if letter == key] == [
        f"QPushButton {button.text()!r}"
    ]


@pytest.mark.parametrize(
    ("name", "user", "record"),
    [
        ("record_shield_officer", OFFICER, officer_record),
        ("main_window_management", MANAGER, management_record),
    ],
)
def test_render_the_main_window_with_a_record_open(
    qtbot: QtBot, name: str, user: SignedInUser, record: Sample
) -> None:
    window = _window(qtbot, user, record())
    bar = window.record.team_bar
    for button in bar.buttons():
        # Every button wholly inside the window, its text not cut short.
        assert button.width() >= button.sizeHint().width(), button.text()
        assert window.rect().contains(button.mapTo(window, button.rect().bottomRight()))
    assert render(window, name).exists()
