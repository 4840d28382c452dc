"""The support report inside a client that has just used the directory, run by
test_diagnostics.py in a process of its own (see tests/e2e/isolated.py).

A teacher signs in with a SoftHSM token and opens a scenario child; the report made then
lists the session's correlation ids and what a helpdesk needs, and none of the child's
data, the PIN or the session token.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.diagnostics import make_report
from smartcard.simulated_reader import SimulatedReader as Reader
from sync import DirectoryClient
from sync.recent import RECENT
from tests.e2e.disk import forbidden_in_reports
from tests.e2e.driving import search_and_open, sign_in, sign_out, texts
from tests.e2e.served_client import client, directory, manifest, reader, user
from tests.ui.render import render
from ui.app import ClientApp

__all__ = ["client", "directory", "manifest", "reader"]  # the fixtures, used by name


def test_the_report_after_a_session_holds_its_ids_and_no_child_pin_or_token(
    qtbot: QtBot,
    client: ClientApp,
    reader: Reader,
    manifest: dict[str, Any],
    directory: DirectoryClient,
) -> None:
    teacher = user(manifest, "teacher")
    sign_in(qtbot, client, reader, teacher)
    search_and_open(qtbot, client, manifest["scenarios"]["ordinary"])
    token = directory._token
    assert token
    session_ids = [r.correlation_id for r in RECENT.latest()]
    policy = client.controller.policy
    report = make_report(policy, policy, Path(manifest["policy_file"]))
    text, as_json = report.text(), report.as_json()
    for shown in (text, as_json):
        lowered = shown.lower()
        leaks = [
            value for value in forbidden_in_reports(manifest) | {token} if value.lower() in lowered
        ]
        assert not leaks, f"{len(leaks)} forbidden values in the report"
    # The session's requests (login, search, view at least), newest first, with outcomes.
    assert len(session_ids) >= 4 and all(cid in text for cid in session_ids)
    for wanted in (r"reachable +yes", r"/healthz +200", r"/readyz +200", r"tls +TLSv1\.[23]"):
        assert re.search(wanted, text), text
    assert f"{teacher['token_label']} (serial" in text


def test_f1_opens_the_diagnostics_window_which_counts_the_cache_and_copies_only_the_report(
    qtbot: QtBot, client: ClientApp, reader: Reader, manifest: dict[str, Any]
) -> None:
    teacher = user(manifest, "teacher")
    sign_in(qtbot, client, reader, teacher)
    search_and_open(qtbot, client, manifest["scenarios"]["ordinary"])
    window = client.window
    assert window is not None
    qtbot.keyClick(window, Qt.Key.Key_F1)
    diagnostics = client.diagnostics.window
    assert diagnostics is not None
    qtbot.waitUntil(diagnostics.copy_button.isEnabled, timeout=30_000)
    render(diagnostics, "diagnostics")
    text = diagnostics.report_text
    assert re.search(r"entries +1 in this user's cache", text), text
    lowered = text.lower()
    assert not [v for v in forbidden_in_reports(manifest) if v.lower() in lowered]
    qtbot.mouseClick(diagnostics.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text


def test_the_helpdesk_traces_a_refused_search_by_the_reference_the_user_reads_out(
    qtbot: QtBot, client: ClientApp, reader: Reader, manifest: dict[str, Any]
) -> None:
    teacher, helpdesk = user(manifest, "teacher"), user(manifest, "helpdesk")
    child = manifest["scenarios"]["ordinary"]
    sign_in(qtbot, client, reader, teacher)
    window = client.window
    assert window is not None
    window.search_form.clear()
    edit = window.search_form.findChild(QLineEdit, "family_name")
    assert edit is not None
    qtbot.keyClicks(edit, child["family_name"])  # a family name alone: refused, 400
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "reference" in texts(window.results), timeout=10_000)
    reference = re.search(r"reference ([0-9a-f]{32})", texts(window.results))
    assert reference is not None
    sign_out(qtbot, client, reader)

    sign_in(qtbot, client, reader, helpdesk)
    assert client.window is not None
    qtbot.keyClick(client.window, Qt.Key.Key_F1)
    diagnostics = client.diagnostics.window
    assert diagnostics is not None and diagnostics.lookup.isVisible()
    qtbot.keyClicks(diagnostics.lookup_field, reference.group(1))
    qtbot.keyClick(diagnostics.lookup_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "status" in diagnostics.answer.toPlainText(), timeout=10_000)
    answer = diagnostics.answer.toPlainText()
    render(diagnostics, "diagnostics_lookup")
    assert "POST /v1/searches" in answer and "400 (refused: invalid_criteria)" in answer
    assert teacher["organisation"] in answer and "practitioner" in answer
    lowered = answer.lower()
    assert not [v for v in forbidden_in_reports(manifest) if v.lower() in lowered]
    assert teacher["name"].lower() not in lowered
