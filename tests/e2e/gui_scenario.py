"""The client end to end, run by test_gui_session.py in a process of its own (see there).

A teacher signs in with a SoftHSM token against the served training directory, finds the
training scenarios, and sees the shielded child as four fields; a social worker with the
override right overrides the shield (justification, then the full view, then an alert);
pulling the card locks the client. Every step goes through the widgets.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from directory.database import connect
from directory.team_schema import alert
from smartcard.simulated_reader import SimulatedReader as Reader
from tests.e2e.driving import override_shield, search_and_open, sign_in, texts
from tests.e2e.served_client import client, directory, manifest, reader, user
from tests.ui.no_export_walk import assert_nothing_leaves
from tests.ui.render import render
from ui.app import ClientApp

__all__ = ["client", "directory", "manifest", "reader"]  # the fixtures, used by name


def test_a_teacher_finds_the_scenarios_and_sees_a_shielded_child_as_four_fields(
    qtbot: QtBot, client: ClientApp, reader: Reader, manifest: dict[str, Any]
) -> None:
    teacher = user(manifest, "teacher")
    scenarios = manifest["scenarios"]
    reader.insert(teacher["token_label"])
    qtbot.waitUntil(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
    assert client.pin_dialog is not None
    render(client.pin_dialog, "e2e_login")
    reader.remove()
    sign_in(qtbot, client, reader, teacher)
    window = client.window
    assert window is not None
    assert teacher["name"] not in window.windowTitle()
    assert "TRAINING" in window.windowTitle()

    ordinary = scenarios["ordinary"]
    search_and_open(qtbot, client, ordinary)
    render(window, "e2e_record")
    shown = texts(window.record)
    assert ordinary["postcode"] in shown and ordinary["school"] in shown

    shielded = scenarios["shielded"]
    search_and_open(qtbot, client, shielded)
    render(window, "e2e_shielded_record")
    shown = texts(window.record)
    assert shielded["family_name"] in shown or shielded["family_name"].upper() in shown
    for hidden in (shielded["postcode"], shielded["school"], *shielded["carers"]):
        if hidden:
            assert hidden not in shown
    assert not [b for b in window.record.buttons() if "verride" in b.text()]

    window.search_form.clear()
    edit = window.search_form.findChild(QLineEdit, "family_name")
    assert edit is not None
    qtbot.keyClicks(edit, ordinary["family_name"])
    render(window, "e2e_search")
    assert_nothing_leaves(qtbot, [window])


def test_a_social_worker_overrides_the_shield_and_an_alert_follows(
    qtbot: QtBot, client: ClientApp, reader: Reader, manifest: dict[str, Any]
) -> None:
    worker = user(manifest, "social-worker")
    shielded = manifest["scenarios"]["shielded"]
    sign_in(qtbot, client, reader, worker)
    window = client.window
    assert window is not None
    started = time.time()
    reference = override_shield(qtbot, client, worker, shielded)
    render(window, "e2e_record_overridden")
    assert shielded["postcode"] in texts(window.record)

    engine = connect(manifest["db_url"])
    try:
        with engine.connect() as conn:
            alerts = conn.execute(
                select(alert.c.kind, alert.c.reference, alert.c.created_at)
                .where(alert.c.cp_id == shielded["cp_id"])
                .order_by(alert.c.created_at)
            ).all()
    finally:
        engine.dispose()
    assert alerts and alerts[-1].created_at.timestamp() >= started - 5
    assert alerts[-1].reference == reference

    # Closing the record ends the overridden view; opening it again shows four fields.
    window.close_record()
    search_and_open(qtbot, client, shielded)
    assert shielded["postcode"] not in texts(window.record)


def test_pulling_the_card_locks(
    qtbot: QtBot, client: ClientApp, reader: Reader, manifest: dict[str, Any]
) -> None:
    teacher = user(manifest, "teacher")
    sign_in(qtbot, client, reader, teacher)
    window = client.window
    assert window is not None
    search_and_open(qtbot, client, manifest["scenarios"]["ordinary"])
    reader.remove()
    # How soon it locks is measured by benchmarks/desktop_client.py, not asserted here.
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert client.lock_screen.isVisible()
    assert window.open_cp_id is None and not window.results.rows
    render(client.lock_screen, "e2e_locked")
    # The same card and its PIN open the same session again.
    sign_in(qtbot, client, reader, teacher)
    assert client.window is window
