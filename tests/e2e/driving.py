"""Driving the real client's widgets as a user does, for the end-to-end scenarios that run
in processes of their own (gui_scenario.py, card_scenario.py)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.exceptions import TimeoutError as WaitTimedOut
from pytestqt.qtbot import QtBot

from desktop.session.states import State
from smartcard.simulated_reader import SimulatedReader
from tests.ui.render import render
from ui.app import ClientApp

LOGIN_SECONDS = 15


def texts(root: QWidget) -> str:
    """The text of every label on show in `root`, as drawn (rich text as its words)."""
    return "\n".join(
        _drawn(label) for label in root.findChildren(QLabel) if label.isVisibleTo(root)
    )


def _drawn(label: QLabel) -> str:
    if label.textFormat() != Qt.TextFormat.RichText:
        return label.text()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText().replace("\N{NO-BREAK SPACE}", " ")


def sign_in(qtbot: QtBot, client: ClientApp, reader: SimulatedReader, user: dict[str, Any]) -> None:
    """Insert the user's card, type its PIN and wait for the main window."""
    reader.insert(user["token_label"])
    qtbot.waitUntil(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
    dialog = client.pin_dialog
    assert dialog is not None and dialog.pin_field is not None
    qtbot.keyClicks(dialog.pin_field, user["pin"])
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(
            lambda: client.window is not None and client.window.isVisible(),
            timeout=LOGIN_SECONDS * 1000,
        )
    except WaitTimedOut as exc:
        shown = client.pin_dialog.failure_text if client.pin_dialog is not None else None
        lock = f"{client.lock_screen.state_text} / {client.lock_screen.detail_text}"
        lock += f"; session {client.controller.machine.state}"
        raise AssertionError(
            f"no main window for {user['token_label']}: {shown!r}; {lock}"
        ) from exc


def search_and_open(qtbot: QtBot, client: ClientApp, child: dict[str, Any]) -> None:
    """Search by family name and date of birth from the keyboard and open the child."""
    window = client.window
    assert window is not None
    window.search_form.clear()
    window.results.clear()  # so that the rows waited for below are this search's
    for name in ("family_name", "date_of_birth"):
        edit = window.search_form.findChild(QLineEdit, name)
        assert edit is not None
        qtbot.keyClicks(edit, child[name])
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.results.rows), timeout=10_000)
    qtbot.waitUntil(window.results.table.isEnabled)
    ids = [row.cp_id for row in window.results.rows]
    assert child["cp_id"] in ids
    table = window.results.table
    table.setFocus()
    for _ in range(ids.index(child["cp_id"])):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.open_cp_id == child["cp_id"], timeout=10_000)
    qtbot.waitUntil(lambda: window.record.complete)  # its later blocks come a turn each


def override_shield(
    qtbot: QtBot, client: ClientApp, worker: dict[str, Any], child: dict[str, Any]
) -> str:
    """Find the shielded child, override its shield with a reason, a justification and the
    PIN, and wait for the full view; the alert's reference the record's banner gives."""
    window = client.window
    assert window is not None
    search_and_open(qtbot, client, child)
    override = next(b for b in window.record.buttons() if "verride" in b.text())
    qtbot.mouseClick(override, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: client.justification is not None and client.justification.isVisible())
    dialog = client.justification
    assert dialog is not None
    dialog.reason.setCurrentIndex(0)
    qtbot.keyClicks(
        dialog.justification,
        "Police child protection referral received this morning about immediate risk at home",
    )
    assert dialog.pin_entry.pin_field is not None
    qtbot.keyClicks(dialog.pin_entry.pin_field, worker["pin"])
    render(dialog, "e2e_justification")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Shield overridden" in texts(window.record), timeout=15_000)
    qtbot.waitUntil(lambda: window.record.complete)
    found = re.search(r"OVR-[A-Z0-9-]+", texts(window.record))
    assert found is not None, "the banner names no alert"
    return found.group(0)


def sign_out(qtbot: QtBot, client: ClientApp, reader: SimulatedReader) -> None:
    """Sign out from the header, then take the card out, as a person does."""
    window = client.window
    assert window is not None
    button = window.header.findChild(QPushButton, "sign_out")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: client.window is None, timeout=LOGIN_SECONDS * 1000)
    reader.remove()
    # The card is out before the next one goes in (a swap faster than the reader is polled
    # is a change of card, which asks the new card's PIN afresh).
    qtbot.waitUntil(lambda: client.controller.machine.state is State.NO_TOKEN)
