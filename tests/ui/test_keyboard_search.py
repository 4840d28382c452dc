"""Keyboard-first search, keys only (no mouse, no setFocus): Ctrl+F to the form, criteria
typed, Enter searches, the focus lands on the first match, arrows and Enter open a record,
Escape goes back to the row it came from; and, end to end through the client on a real
directory, a single match opens at once only when the machine policy says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop import RecordModel
from tests.desktop.rig import PIN, WAIT_MS, RigFactory
from tests.ui.samples import PRACTITIONER, search_outcome, shielded_record, standard_record
from ui.app import ClientApp
from ui.main_window import MainWindow

K = Qt.Key
ONLY = "Zzkeyboardonlychild"  # no other child of the rig's world has this name
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(
    qtbot: QtBot, k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), k, modifiers)


def field(window: MainWindow, name: str) -> QLineEdit:
    edit = window.search_form.findChild(QLineEdit, name)
    assert edit is not None
    return edit


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    made = MainWindow(PRACTITIONER, training=False)
    qtbot.addWidget(made)
    with qtbot.waitActive(made):  # window shortcuts fire only in the active window
        made.show()
        made.activateWindow()
    records: dict[str, RecordModel] = {r.cp_id: r for r in (standard_record(), shielded_record())}
    # The application's part, answered at once: the directory's outcome and records.
    made.search_requested.connect(lambda criteria, mode: made.show_outcome(search_outcome()))
    made.open_requested.connect(
        lambda cp_id: made.show_record(records.get(cp_id, standard_record()))
    )
    yield made
    made.dispose()


def test_search_open_and_back_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    rows = search_outcome().rows
    assert len(rows) > 1
    qtbot.keyClick(window, K.Key_F, CTRL)
    assert focused() is field(window, "family_name")
    qtbot.keyClicks(focused(), "Zzalpha")
    key(qtbot, K.Key_B, ALT)  # "Date of &birth"
    assert focused() is field(window, "date_of_birth")
    qtbot.keyClicks(focused(), "07/03/2015")
    with qtbot.waitSignal(window.search_requested, timeout=1000) as searched:
        key(qtbot, K.Key_Return)
    assert searched.args[0]["family_name"] == "Zzalpha"
    assert focused() is window.results.table  # on the first match
    assert window.results.current_row() == 0

    with qtbot.waitSignal(window.open_requested, timeout=1000) as opened:
        key(qtbot, K.Key_Return)
    assert opened.args == [rows[0].cp_id]
    assert window.open_cp_id is not None

    key(qtbot, K.Key_Escape)  # back to the results, on the row the record came from
    assert window.open_cp_id is None
    assert focused() is window.results.table and window.results.current_row() == 0

    key(qtbot, K.Key_Down)
    with qtbot.waitSignal(window.open_requested, timeout=1000) as opened:
        key(qtbot, K.Key_Return)
    assert opened.args == [rows[1].cp_id]
    key(qtbot, K.Key_Escape)
    assert focused() is window.results.table and window.results.current_row() == 1

    key(qtbot, K.Key_Return)  # open again, then Ctrl+F from inside the record
    assert window.open_cp_id is not None
    qtbot.keyClick(focused(), K.Key_F, CTRL)
    assert focused() is field(window, "family_name")
    assert field(window, "family_name").selectedText() == "Zzalpha"  # typing replaces it


def test_enter_on_the_gender_and_matching_choices_searches(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, K.Key_F, CTRL)
    qtbot.keyClicks(focused(), "Zzalpha")
    key(qtbot, K.Key_E, ALT)  # "G&ender"
    with qtbot.waitSignal(window.search_requested, timeout=1000):
        key(qtbot, K.Key_Return)
    key(qtbot, K.Key_Z, ALT)  # "Fu&zzy": Qt animates the click, so wait for it
    qtbot.waitUntil(lambda: window.search_form.form().mode == "fuzzy", timeout=2000)
    with qtbot.waitSignal(window.search_requested, timeout=1000) as searched:
        key(qtbot, K.Key_Return)
    assert searched.args[1] == "fuzzy"


def test_escape_in_the_form_does_not_close_the_record(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, K.Key_F, CTRL)
    qtbot.keyClicks(focused(), "Zzalpha")
    key(qtbot, K.Key_Return)
    key(qtbot, K.Key_Return)
    assert window.open_cp_id is not None
    qtbot.keyClick(focused(), K.Key_F, CTRL)
    key(qtbot, K.Key_Escape)
    assert window.open_cp_id is not None


# --- end to end: the policy's open_single_match --------------------------------------------


def _signed_in(qtbot: QtBot, client: ClientApp) -> MainWindow:
    qtbot.waitUntil(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
    dialog = client.pin_dialog
    assert dialog is not None and dialog.pin_field is not None
    qtbot.keyClicks(dialog.pin_field, PIN)
    qtbot.keyClick(dialog.pin_field, K.Key_Return)
    qtbot.waitUntil(
        lambda: client.window is not None and client.window.isVisible(), timeout=WAIT_MS
    )
    assert client.window is not None
    client.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is client.window, timeout=WAIT_MS)
    return client.window


def _search_for_the_one_child(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, K.Key_F, CTRL)
    qtbot.keyClicks(focused(), ONLY)
    key(qtbot, K.Key_B, ALT)
    qtbot.keyClicks(focused(), "07/03/2015")  # the world's children's date of birth
    key(qtbot, K.Key_Return)


@pytest.mark.parametrize("open_single_match", [True, False])
def test_a_single_match_opens_at_once_only_when_the_policy_says(
    make_rig: RigFactory, qtbot: QtBot, open_single_match: bool
) -> None:
    rig = make_rig()
    cp_id = rig.world.add_child(family_name=ONLY)
    machine = dataclasses.replace(rig.controller.policy, open_single_match=open_single_match)
    client = ClientApp(rig.controller, machine=machine)
    client.start()
    window = _signed_in(qtbot, client)
    _search_for_the_one_child(qtbot, window)
    qtbot.waitUntil(lambda: window.results.status.text() == "1 match", timeout=WAIT_MS)
    if open_single_match:
        qtbot.waitUntil(lambda: window.open_cp_id is not None, timeout=WAIT_MS)
        assert window.open_cp_id == cp_id
    else:
        assert window.open_cp_id is None
        assert focused() is window.results.table
        key(qtbot, K.Key_Return)  # Enter opens it
        qtbot.waitUntil(lambda: window.open_cp_id == cp_id, timeout=WAIT_MS)
    client.stop()
