"""The management team's and shield officers' work end to end, run by test_workspace.py in
a process of its own (see tests/e2e/test_gui_session.py for why).

Issue 11's six steps, through the real client's widgets against the served training
directory with its SoftHSM cards:

1. A social worker overrides a shield.
2. The management user's workspace shows the alert, and a request raised meanwhile appears
   within the poll interval without a refresh; the team acknowledges and closes the alert
   with an outcome.
3. Shield officer 1 places a shield on `team_ordinary` from the record; a teacher's next
   view shows four fields, and a postcode search no longer finds the child.
4. Shield officer 2 confirms the shield from the reviews list.
5. An officer proposes the lift and the team confirms it; the teacher sees the child again.
6. The access history lists all of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.exceptions import TimeoutError as WaitTimedOut
from pytestqt.qtbot import QtBot

from contract.codes import AlertOutcome, AlertStatus, ShieldEvent, ShieldPhase
from directory.actions import request_contact
from directory.auth.users import actor_for, list_users
from directory.database import connect
from directory.viewer import Viewer
from smartcard.simulated_reader import SimulatedReader as Reader
from tests.e2e import driving
from tests.e2e.driving import override_shield, search_and_open, sign_in, texts
from tests.e2e.served_client import client, directory, manifest, reader, user
from tests.ui.render import render
from ui.app import ClientApp
from ui.results_view import SEARCHING
from ui.workspace import StepDialog, WorkspaceWindow
from ui.workspace.worklist_tab import WorklistTab

__all__ = ["client", "directory", "manifest", "reader"]  # the fixtures, used by name
ANSWER_MS = 15_000  # the directory's answer on a loaded machine
_T = TypeVar("_T")

# --- driving the client as its users do -----------------------------------------------------


def sign_out(qtbot: QtBot, client: ClientApp, reader: Reader) -> None:
    driving.sign_out(qtbot, client, reader)
    screens = client.workspace
    assert screens.window is None, "the workspace outlived the session"


def workspace(qtbot: QtBot, client: ClientApp) -> WorkspaceWindow:
    qtbot.waitUntil(
        lambda: client.workspace.window is not None and client.workspace.window.isVisible(),
        timeout=ANSWER_MS,
    )
    window = client.workspace.window
    assert window is not None
    return window


def choose(qtbot: QtBot, tab: WorklistTab[_T], wanted: Callable[[_T], bool]) -> _T:
    """Move to the wanted row with the arrow keys, as a person does."""
    qtbot.waitUntil(lambda: any(wanted(item) for item in tab.items()), timeout=ANSWER_MS)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Home)
    for _ in range(len(tab.items())):
        item = tab.current_item()
        if item is not None and wanted(item):
            return item
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    item = tab.current_item()
    assert item is not None and wanted(item), "the row could not be reached from the keyboard"
    return item


def step_dialog(qtbot: QtBot, client: ClientApp) -> StepDialog:
    qtbot.waitUntil(
        lambda: client.workspace.dialog is not None and client.workspace.dialog.isVisible(),
        timeout=ANSWER_MS,
    )
    dialog = client.workspace.dialog
    assert dialog is not None
    return dialog


def confirm(qtbot: QtBot, client: ClientApp, dialog: StepDialog, shot: str | None = None) -> None:
    if shot is not None:
        render(dialog, shot)
    assert dialog.ok_button.isEnabled(), dialog.still_needed
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: client.workspace.dialog is None, timeout=ANSWER_MS)
    except WaitTimedOut as exc:
        raise AssertionError(f"the dialog stayed: {dialog.problem_text!r}") from exc


def search(qtbot: QtBot, client: ClientApp, criteria: dict[str, str]) -> list[str]:
    """The ContactPoint IDs a search by `criteria` lists (or none, with its message)."""
    window = client.window
    assert window is not None
    window.search_form.clear()
    window.results.clear()
    edit = None
    for name, value in criteria.items():
        edit = window.search_form.findChild(QLineEdit, name)
        assert edit is not None, name
        qtbot.keyClicks(edit, value)
    assert edit is not None
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results.status.text() not in ("", SEARCHING), timeout=ANSWER_MS)
    return [row.cp_id for row in window.results.rows]


def shown_level(client: ClientApp) -> str:
    window = client.window
    assert window is not None and window.record.level is not None
    return window.record.level.value


# --- the six steps --------------------------------------------------------------------------


def _raise_contact_request(manifest: dict[str, Any], teacher: dict[str, Any], cp_id: str) -> str:
    """A practitioner elsewhere asks for contact while the team is signed in: written by the
    directory's own code, as the route would."""
    engine = connect(manifest["db_url"])
    try:
        account = next(u for u in list_users(engine) if u.name == teacher["name"])
        viewer = Viewer(
            user_id=actor_for(account.name),
            roles=frozenset(account.roles),
            organisation_id=account.organisation_id,
            local_authority=account.local_authority,
        )
        receipt = request_contact(
            engine,
            viewer,
            cp_id,
            "Zzrequest: the school nurse needs to reach the child's health visitor this week.",
            now=dt.datetime.now(dt.UTC),
            correlation_id=str(uuid.uuid4()),
        )
    finally:
        engine.dispose()
    return receipt.reference


def _work_the_alert(qtbot: QtBot, client: ClientApp, reference: str) -> None:
    window = workspace(qtbot, client)
    window.choose_tab(0)
    alert = choose(qtbot, window.alerts, lambda a: a.reference == reference)
    assert alert.status is AlertStatus.OPEN and alert.kind == "override"
    render(window, "e2e_workspace_alerts")
    qtbot.mouseClick(
        window.alerts.step_buttons[AlertStatus.ACKNOWLEDGED], Qt.MouseButton.LeftButton
    )
    confirm(qtbot, client, step_dialog(qtbot, client))
    choose(
        qtbot,
        window.alerts,
        lambda a: a.reference == reference and a.status is AlertStatus.ACKNOWLEDGED,
    )
    qtbot.mouseClick(window.alerts.step_buttons[AlertStatus.CLOSED], Qt.MouseButton.LeftButton)
    dialog = step_dialog(qtbot, client)
    outcomes = dialog.outcomes  # type: ignore[attr-defined]
    outcomes[AlertOutcome.JUSTIFIED].setFocus()
    qtbot.keyClick(outcomes[AlertOutcome.JUSTIFIED], Qt.Key.Key_Space)
    qtbot.keyClicks(dialog.note, "Zzchecked with the social worker's manager: a real referral.")  # type: ignore[attr-defined]
    confirm(qtbot, client, dialog, "e2e_close_alert")
    closed = choose(
        qtbot, window.alerts, lambda a: a.reference == reference and a.status is AlertStatus.CLOSED
    )
    assert closed.outcome is AlertOutcome.JUSTIFIED


def _shield_button(client: ClientApp, event: ShieldEvent) -> QPushButton:
    window = client.window
    assert window is not None
    button = window.record.team_bar.findChild(QPushButton, f"shield_{event.value}")
    assert button is not None and button.isVisibleTo(window.record), event
    return button


def _review_step(
    qtbot: QtBot, client: ClientApp, cp_id: str, phase: ShieldPhase, event: ShieldEvent
) -> None:
    window = workspace(qtbot, client)
    window.choose_tab(window.lists().index("reviews"))
    choose(qtbot, window.reviews, lambda s: s.cp_id == cp_id and s.state is phase)
    button = window.reviews.step_buttons[(event, False)]
    assert button.isVisibleTo(window.reviews), event
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    confirm(qtbot, client, step_dialog(qtbot, client), f"e2e_{event.value}")


def test_the_team_and_two_officers_work_an_override_and_a_shield(
    qtbot: QtBot, client: ClientApp, reader: Reader, manifest: dict[str, Any]
) -> None:
    scenarios = manifest["scenarios"]
    shielded, child = scenarios["shielded"], scenarios["team_ordinary"]
    teacher, officer_1, officer_2, team = (
        user(manifest, label)
        for label in ("teacher", "shield-officer", "shield-officer-2", "management")
    )
    by_postcode = {"family_name": child["family_name"], "postcode": child["postcode"]}

    # 1. A social worker overrides the shield.
    worker = user(manifest, "social-worker")
    sign_in(qtbot, client, reader, worker)
    reference = override_shield(qtbot, client, worker, shielded)
    sign_out(qtbot, client, reader)

    # 2. The team's workspace shows the alert; a request raised meanwhile arrives by the
    # poll alone; the team closes the alert with an outcome.
    sign_in(qtbot, client, reader, team)
    window = workspace(qtbot, client)
    assert team["name"] not in window.windowTitle()
    interval = client.workspace.flow.interval_ms
    choose(qtbot, window.alerts, lambda a: a.reference == reference)
    raised = _raise_contact_request(manifest, teacher, shielded["cp_id"])
    qtbot.waitUntil(
        lambda: any(r.reference == raised for r in window.contact.items()),
        timeout=interval + ANSWER_MS,
    )
    _work_the_alert(qtbot, client, reference)
    sign_out(qtbot, client, reader)

    # 3. Shield officer 1 places a shield on team_ordinary, from the record.
    sign_in(qtbot, client, reader, officer_1)
    search_and_open(qtbot, client, child)
    qtbot.mouseClick(_shield_button(client, ShieldEvent.PLACE), Qt.MouseButton.LeftButton)
    dialog = step_dialog(qtbot, client)
    reason = dialog.reason  # type: ignore[attr-defined]
    reason.setFocus()
    qtbot.keyClick(reason, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.note, "Zzplaced: the family has moved to a refuge this week.")  # type: ignore[attr-defined]
    confirm(qtbot, client, dialog, "e2e_place_shield")
    sign_out(qtbot, client, reader)

    # ... the teacher's next view shows four fields; a postcode search no longer finds it.
    sign_in(qtbot, client, reader, teacher)
    search_and_open(qtbot, client, child)
    assert shown_level(client) == "shielded"
    assert child["postcode"] not in texts(client.window.record)  # type: ignore[union-attr]
    assert child["cp_id"] not in search(qtbot, client, by_postcode)
    sign_out(qtbot, client, reader)

    # 4. Shield officer 2 confirms it, from the reviews list.
    sign_in(qtbot, client, reader, officer_2)
    window = workspace(qtbot, client)
    # The health visitor's shield request that training prepare leaves is on their list.
    qtbot.waitUntil(lambda: bool(window.shield.items()), timeout=ANSWER_MS)
    qtbot.waitUntil(lambda: bool(window.reviews.items()), timeout=ANSWER_MS)
    render(window, "e2e_workspace_shield_requests")
    window.choose_tab(window.lists().index("reviews"))
    render(window, "e2e_workspace_reviews")
    _review_step(qtbot, client, child["cp_id"], ShieldPhase.UNCONFIRMED, ShieldEvent.CONFIRM)

    # 5. The officer proposes the lift; the team confirms it; the teacher sees the child.
    # A confirmed shield is off the reviews list until it falls due: from the record.
    search_and_open(qtbot, client, child)
    qtbot.mouseClick(_shield_button(client, ShieldEvent.PROPOSE_LIFT), Qt.MouseButton.LeftButton)
    confirm(qtbot, client, step_dialog(qtbot, client), "e2e_propose_lift")
    sign_out(qtbot, client, reader)
    sign_in(qtbot, client, reader, team)
    _review_step(qtbot, client, child["cp_id"], ShieldPhase.LIFT_PENDING, ShieldEvent.CONFIRM_LIFT)
    sign_out(qtbot, client, reader)
    sign_in(qtbot, client, reader, teacher)
    assert child["cp_id"] in search(qtbot, client, by_postcode)
    search_and_open(qtbot, client, child)
    assert shown_level(client) == "standard"
    sign_out(qtbot, client, reader)

    # 6. The access history lists all of it: the officers' and the teacher's views, at
    # each level, the searches that found the child and each step of its shield, newest
    # first.
    sign_in(qtbot, client, reader, team)
    search_and_open(qtbot, client, child)
    main = client.window
    assert main is not None
    qtbot.mouseClick(main.record.team_bar.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: client.workspace.history_dialog is not None
        and bool(client.workspace.history_dialog.entries()),
        timeout=ANSWER_MS,
    )
    history = client.workspace.history_dialog
    assert history is not None
    render(history, "e2e_access_history")
    entries = history.entries()
    seen = {(e.user, e.action, e.level) for e in entries}
    assert any(user == officer_1["name"] and action == "child_view" for user, action, _ in seen)
    for level in ("shielded", "standard"):
        assert (teacher["name"], "child_view", level) in seen, (level, seen)
    assert any(e.user == teacher["name"] and e.action == "search" for e in entries)
    steps = [(e.user, e.action) for e in entries if e.action.startswith("shield_")]
    assert steps == [
        (team["name"], "shield_confirm_lift"),
        (officer_2["name"], "shield_propose_lift"),
        (officer_2["name"], "shield_confirm"),
        (officer_1["name"], "shield_place"),
    ]
    # Newest first in the order the log recorded them; requests under way together (a
    # search and the cache's revalidation) are stamped when each began, so within a second.
    assert all(a.at >= b.at - dt.timedelta(seconds=1) for a, b in itertools.pairwise(entries))
    # ... and the shielded child's shows the override, with its reason.
    main.close_record()
    search_and_open(qtbot, client, shielded)
    history.reject()
    qtbot.waitUntil(lambda: client.workspace.history_dialog is None)
    qtbot.mouseClick(main.record.team_bar.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: client.workspace.history_dialog is not None
        and bool(client.workspace.history_dialog.entries()),
        timeout=ANSWER_MS,
    )
    overrides = [
        e
        for e in client.workspace.history_dialog.entries()
        if e.action == "override"  # type: ignore[union-attr]
    ]
    assert any(e.user == worker["name"] and e.override_reason for e in overrides)
    sign_out(qtbot, client, reader)
