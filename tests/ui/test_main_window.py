"""The main window: who is signed in, the directory's state, search, results and one record;
clearing forgets every child on screen; nothing leaves by keyboard, menu or clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.identity import DirectoryStatus
from tests.ui.no_export_walk import assert_nothing_leaves
from tests.ui.render import render
from tests.ui.samples import (
    OVERRIDER,
    PRACTITIONER,
    cp_id_of,
    search_outcome,
    shielded_record,
    standard_record,
)
from tests.ui.texts import joined
from ui.main_window import MainWindow
from ui.no_export import install_no_export


def _window(qtbot: QtBot, training: bool = True) -> MainWindow:
    window = MainWindow(PRACTITIONER, training)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_header_shows_who_is_signed_in_and_training(qtbot: QtBot) -> None:
    window = _window(qtbot)
    shown = joined(window)
    assert PRACTITIONER.name in shown and "Zzhealth Visiting" in shown
    assert "Practitioner" in shown and "TRAINING" in shown
    assert window.windowTitle() == "ContactPoint — TRAINING"
    production = _window(qtbot, training=False)
    assert "TRAINING" not in joined(production) and production.windowTitle() == "ContactPoint"


def test_the_directory_state_is_shown_with_its_reason(qtbot: QtBot) -> None:
    window = _window(qtbot)
    assert "online" in window.header.status_text
    window.set_directory_status(DirectoryStatus(False, "the connection timed out"))
    assert window.header.status_text == "Directory unreachable: the connection timed out"


def test_a_long_reason_wraps_instead_of_widening_the_window(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.resize(1024, 768)  # a small council desktop's screen
    reason = (
        "The directory cannot be reached. Check the network connection; if it persists, "
        "tell the helpdesk."
    )
    window.set_directory_status(DirectoryStatus(False, reason))
    assert window.header.minimumSizeHint().width() <= window.width()
    assert reason in window.header.status_text


def test_a_record_and_results_are_shown_and_the_title_never_names_anyone(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.show_outcome(search_outcome())
    record = standard_record()
    window.show_record(record)
    assert window.open_cp_id == record.cp_id
    assert record.family_name.upper() in joined(window).upper()
    assert record.family_name not in window.windowTitle()
    assert PRACTITIONER.name not in window.windowTitle()


def test_clearing_forgets_the_record_the_results_and_what_was_typed(qtbot: QtBot) -> None:
    window = _window(qtbot)
    edit = window.search_form.findChild(QLineEdit, "family_name")
    assert edit is not None
    qtbot.keyClicks(edit, "Testerson")
    window.show_outcome(search_outcome())
    record = standard_record()
    window.show_record(record)
    window.clear_everything()
    shown = joined(window)
    assert window.open_cp_id is None and not window.results.rows
    assert "Testerson" not in shown and record.given_name not in shown
    assert edit.text() == ""


def test_requests_are_passed_on_with_the_childs_id(qtbot: QtBot) -> None:
    window = MainWindow(OVERRIDER, True)
    qtbot.addWidget(window)
    window.show()
    record = shielded_record()
    window.show_record(record)
    override = next(b for b in window.record.buttons() if "verride" in b.text())
    with qtbot.waitSignal(window.override_requested, timeout=1000) as asked:
        qtbot.mouseClick(override, Qt.MouseButton.LeftButton)
    assert asked.args == [cp_id_of("beta")]


def test_ctrl_l_locks_and_closing_signs_out(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.activateWindow()
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.header.lock_requested.emit()
    with qtbot.waitSignal(window.sign_out_requested, timeout=1000):
        window.close()


def test_dispose_does_not_ask_to_sign_out(qtbot: QtBot) -> None:
    window = MainWindow(PRACTITIONER, False)
    window.show()
    with qtbot.assertNotEmitted(window.sign_out_requested):
        window.dispose()


def test_nothing_leaves_the_main_window(qtbot: QtBot, qapp: QApplication) -> None:
    no_export = install_no_export(qapp)  # as ui.main.open_client does, before any window
    window = _window(qtbot)
    window.show_outcome(search_outcome())
    window.show_record(standard_record())
    try:
        assert_nothing_leaves(qtbot, [window])
    finally:
        no_export.uninstall()


def test_render_main_window(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.resize(1400, 860)
    window.show_outcome(search_outcome())
    window.show_record(standard_record())
    render(window, "main_window")
    window.set_directory_status(DirectoryStatus(False, "the connection timed out"))
    window.show_record(shielded_record())
    render(window, "main_window_shielded_offline")
