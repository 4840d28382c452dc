"""The workspace's drivers over the real controller (tests/desktop/rig.py: fake cards, the
directory in-process): started by the sign-in with the user's roles, answered through
DirectoryWork, cleared by a lock. The rig's users are practitioners, so the directory
refuses them what only the team may see, which shows that refusals arrive as problems."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.management.flow import WorkspaceFlow
from desktop.management.front import WorklistFront
from desktop.management.history_flow import HistoryFlow
from desktop.problems import ProblemKind
from desktop.requests import ContactDraft
from desktop.session import State
from tests.desktop.rig import FAMILY, WAIT_MS, RigFactory

MESSAGE = "Zzsender from the clinic needs to reach the school nurse this week."


def test_a_practitioner_has_no_worklist_and_sees_their_own_requests(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig()
    assert isinstance(rig.controller.worklists, WorklistFront)
    flow = WorkspaceFlow(rig.controller, rig.owner)
    history = HistoryFlow(rig.controller, rig.owner)
    available: list[object] = []
    flow.lists_available.connect(available.append)
    rig.start()
    rig.sign_in()
    assert available == [()] and not flow.polling
    cp_id = rig.world.add_child(family_name=FAMILY)
    done: list[object] = []
    rig.controller.request_contact(cp_id, ContactDraft(MESSAGE), done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    with qtbot.waitSignal(history.my_requests_shown, timeout=WAIT_MS) as shown:
        history.show_my_requests()
    contact, shield = shown.args
    assert [r.status for r in contact.items] == ["open"] and shield.items == ()


def test_the_poll_runs_through_the_controller_and_a_lock_clears_it(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    flow = WorkspaceFlow(rig.controller, rig.owner, interval_ms=3_600_000)
    problems: list[object] = []
    flow.problem.connect(problems.append)
    with qtbot.waitSignal(flow.requests_shown, timeout=WAIT_MS) as shown:
        flow.start(("shield_officer",))  # not the directory's view of this user
    assert shown.args[0] == "shield"  # a practitioner's own shield requests: none
    qtbot.waitUntil(lambda: bool(problems), timeout=WAIT_MS)
    (refused,) = problems  # the reviews are the team's and the officers' only
    assert refused.kind is ProblemKind.REFUSED and refused.code == "not_allowed"
    assert flow.polling
    with qtbot.waitSignal(flow.cleared, timeout=WAIT_MS):
        rig.controller.lock_now()
    rig.wait_state(State.LOCKED)
    assert not flow.polling and flow.lists == ()
