"""WorklistFront over DirectoryWork and the real directory in-process (the sync tests'
desk, on SQLite and PostgreSQL): each draft reaches the route that takes it, the answers
come back on the GUI thread as values, refusals as Problems, and nothing is sent outside
an active session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from contract.codes import AlertStatus, ShieldEvent, ShieldPhase
from desktop.busy import BusyCount
from desktop.directory_work import DirectoryWork
from desktop.management.drafts import DecisionDraft, ShieldStepDraft
from desktop.management.front import WorklistFront
from desktop.operations import Runner
from desktop.problems import Problem, ProblemKind
from desktop.reachability import Reachability
from tests.desktop.rig import WAIT_MS, Outcome
from tests.sync.test_worklists import FAMILY, MESSAGE, Desk, desk  # noqa: F401 - a fixture

NOTE = "Zznote: the family has moved to a refuge."


class Session:
    """The SessionGate DirectoryWork asks: active unless a test says otherwise."""

    def __init__(self) -> None:
        self.active = True
        self.serial = 0

    def expired(self, _reason: str) -> bool:
        return False


@pytest.fixture
def front(desk: Desk, qtbot: QtBot) -> Iterator[tuple[WorklistFront, Session]]:  # noqa: F811
    owner = QObject()
    runner = Runner(parent=owner)
    session = Session()
    reach = Reachability(desk.client, runner, parent=owner)
    work = DirectoryWork(runner, reach, session, BusyCount(owner), owner)
    yield WorklistFront(desk.client, work), session
    runner.wait(10_000)
    owner.deleteLater()


def run(qtbot: QtBot, call: Any, *args: Any) -> Outcome:
    """Call the front's method with an Outcome's callbacks and wait for its answer."""
    outcome = Outcome()
    call(*args, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.done, timeout=WAIT_MS)
    return outcome


def answer(qtbot: QtBot, call: Any, *args: Any) -> Any:
    outcome = run(qtbot, call, *args)
    assert outcome.problems == [], outcome.problems
    (value,) = outcome.successes
    return value


def test_the_shields_life_from_the_dialogs_drafts(
    desk: Desk,  # noqa: F811
    front: tuple[WorklistFront, Session],
    qtbot: QtBot,
) -> None:
    worklists, _ = front
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-officer-1")
    place = ShieldStepDraft(ShieldEvent.PLACE, "domestic_violence", NOTE)
    placed = answer(qtbot, worklists.shield_step, cp_id, place)
    assert placed.state is ShieldPhase.UNCONFIRMED and placed.shielded
    confirm = ShieldStepDraft(ShieldEvent.CONFIRM)
    (own,) = run(qtbot, worklists.shield_step, cp_id, confirm).problems
    assert (own.kind, own.code) == (ProblemKind.REFUSED, "conflict")  # the placer: 409
    desk.as_("zz-officer-2")
    assert answer(qtbot, worklists.shield_step, cp_id, confirm).state is ShieldPhase.CONFIRMED
    desk.as_("zz-officer-1")
    proposed = answer(
        qtbot, worklists.shield_step, cp_id, ShieldStepDraft(ShieldEvent.PROPOSE_LIFT)
    )
    assert proposed.state is ShieldPhase.LIFT_PENDING and proposed.shielded
    desk.as_("zz-manager")
    reviews = answer(qtbot, worklists.reviews, 1)
    assert [s.state for s in reviews.items] == [ShieldPhase.LIFT_PENDING]
    lift = ShieldStepDraft(ShieldEvent.CONFIRM_LIFT)
    assert answer(qtbot, worklists.shield_step, cp_id, lift).state is ShieldPhase.UNSHIELDED
    history = answer(qtbot, worklists.access_history, cp_id, 1)
    assert history.total >= 0


def test_a_review_renews_through_the_reviews_route(
    desk: Desk,  # noqa: F811
    front: tuple[WorklistFront, Session],
    qtbot: QtBot,
) -> None:
    worklists, _ = front
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-officer-1")
    answer(
        qtbot,
        worklists.shield_step,
        cp_id,
        ShieldStepDraft(ShieldEvent.PLACE, "witness_protection", NOTE),
    )
    desk.as_("zz-manager")
    desk.sent.clear()
    renew = ShieldStepDraft(ShieldEvent.RENEW, note="Zzstill needed.")
    assert answer(qtbot, worklists.shield_step, cp_id, renew).next_review is not None
    assert [(r.method, r.url.path.rsplit("/", 1)[-1]) for r in desk.sent] == [("POST", "reviews")]


def test_a_practitioners_requests_and_the_teams_decision(
    desk: Desk,  # noqa: F811
    front: tuple[WorklistFront, Session],
    qtbot: QtBot,
) -> None:
    worklists, _ = front
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-practitioner")
    desk.client.request_contact(cp_id, MESSAGE)
    contact, shield = answer(qtbot, worklists.my_requests)
    assert [r.status for r in contact.items] == ["open"] and shield.items == ()
    desk.as_("zz-manager")
    (item,) = answer(qtbot, worklists.requests, "contact", "open", 1).items
    decided = answer(
        qtbot, worklists.decide_request, item.id, DecisionDraft("contact", "declined", NOTE)
    )
    assert decided.status == "declined"
    alerts = answer(qtbot, worklists.alerts, AlertStatus.OPEN, 1)
    assert alerts.page == 1


def test_an_id_that_could_change_the_path_is_refused_before_sending(
    desk: Desk,  # noqa: F811
    front: tuple[WorklistFront, Session],
    qtbot: QtBot,
) -> None:
    worklists, _ = front
    desk.as_("zz-manager")
    desk.sent.clear()
    (problem,) = run(qtbot, worklists.access_history, "../alerts", 1).problems
    assert problem.kind is ProblemKind.REFUSED and desk.sent == []


def test_nothing_is_sent_outside_an_active_session(
    desk: Desk,  # noqa: F811
    front: tuple[WorklistFront, Session],
    qtbot: QtBot,
) -> None:
    worklists, session = front
    desk.as_("zz-manager")
    desk.sent.clear()
    session.active = False
    (problem,) = run(qtbot, worklists.reviews, 1).problems
    assert isinstance(problem, Problem) and desk.sent == []
