"""The application's windows driven by the real controller: fake cards, the directory
in-process (tests/desktop/rig.py). Locking hides every window and dialog at once and
forgets the record; a slow directory leaves the window painting and Escape cancels."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.desktop.rig import DOB, FAMILY, PIN, WAIT_MS, RigFactory
from tests.event_loop import drain_events
from tests.ui.render import render
from tests.ui.texts import joined
from ui import contrast
from ui.app import ClientApp
from ui.text_scale import apply_text_scale


def _sign_in(qtbot: QtBot, client: ClientApp, pin: str = PIN) -> None:
    qtbot.waitUntil(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
    dialog = client.pin_dialog
    assert dialog is not None and dialog.pin_field is not None
    qtbot.keyClicks(dialog.pin_field, pin)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: client.window is not None and client.window.isVisible(), timeout=WAIT_MS
    )


def _search(qtbot: QtBot, client: ClientApp) -> None:
    window = client.window
    assert window is not None
    for name, text in (("family_name", FAMILY), ("date_of_birth", DOB)):
        edit = window.search_form.findChild(QLineEdit, name)
        assert edit is not None
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _visible_top_levels(client: ClientApp) -> list[QWidget]:
    return [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not client.lock_screen
    ]


def test_pulling_the_card_hides_every_window_and_dialog_and_forgets_the_record(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig(poll_interval=0.5)
    cp_id = rig.world.add_child(family_name=FAMILY)
    client = ClientApp(rig.controller)
    client.start()
    _sign_in(qtbot, client)
    window = client.window
    assert window is not None
    _search(qtbot, client)
    qtbot.waitUntil(lambda: bool(window.results.rows), timeout=WAIT_MS)
    client.open_record(cp_id)
    qtbot.waitUntil(lambda: window.open_cp_id == cp_id, timeout=WAIT_MS)
    client.ask_for_contact(cp_id)  # dialogs left open over the record
    client.open_settings()
    assert len(_visible_top_levels(client)) >= 3

    rig.cards["zz-practitioner"].remove()
    # How soon is a benchmark's question (benchmarks/desktop_client.py); here, that it locks.
    qtbot.waitUntil(lambda: not _visible_top_levels(client), timeout=WAIT_MS)
    assert client.lock_screen.isVisible()
    assert window.open_cp_id is None and not window.results.rows
    assert FAMILY not in joined(window) and FAMILY.upper() not in joined(window)
    assert FAMILY not in joined(client.lock_screen)
    render(client.lock_screen, "lock_screen_card_removed")

    # The same card and its PIN bring the same window back, empty.
    rig.cards["zz-practitioner"].insert()
    _sign_in(qtbot, client)
    assert client.window is window
    client.stop()


def test_a_slow_directory_leaves_the_window_painting_and_escape_cancels(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig()
    rig.world.add_child(family_name=FAMILY)
    client = ClientApp(rig.controller)
    client.start()
    _sign_in(qtbot, client)
    window = client.window
    assert window is not None
    gate = rig.network.held["/v1/searches"] = threading.Event()

    def held() -> bool:
        return "/v1/searches" in rig.network.holding

    painted: list[int] = []
    original = window.results.paintEvent

    def counting(event: object) -> None:
        painted.append(1 if held() else 0)  # a paint while the directory has not answered
        original(event)  # type: ignore[arg-type]

    window.results.paintEvent = counting  # type: ignore[method-assign]
    # Ask for a repaint at every turn of the loop, as a window being uncovered does.
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(window.results.update)
    timer.start()
    try:
        _search(qtbot, client)
        qtbot.waitUntil(held, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: sum(painted) >= 10, timeout=WAIT_MS)
        assert held(), "the window stopped painting while the search ran"
        assert "Searching" in joined(window.results)
        qtbot.keyClick(window.search_form, Qt.Key.Key_Escape)
        assert window.search_form.findChild(QLineEdit, "family_name") is not None
    finally:
        timer.stop()
        gate.set()  # the late answer arrives, and must go nowhere
    qtbot.waitUntil(lambda: not held() and not rig.runner.busy, timeout=WAIT_MS)
    drain_events()
    assert not window.results.rows
    client.stop()


def test_the_policys_text_size_and_high_contrast_apply_before_the_first_window(
    make_rig: RigFactory, qtbot: QtBot, qapp: QApplication
) -> None:
    system = qapp.font().pointSizeF()
    rig = make_rig(policy_changes={"text_scale_percent": 150, "high_contrast": True})
    try:
        client = ClientApp(rig.controller)
        assert client.lock_screen.font().pointSizeF() == system * 1.5
        assert client.contrast.on and contrast.is_high_contrast(qapp)
        client.start()
        _sign_in(qtbot, client)
        assert client.window is not None and client.window.font().pointSizeF() == system * 1.5
        client.stop()
    finally:
        contrast.apply_contrast(qapp, False)
        apply_text_scale(qapp, 100)
