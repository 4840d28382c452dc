"""The workspace driver over a controller that answers when told (tests/desktop/management/
fake.py): each effect becomes the right worklist call or signal, the session's signals start
and stop it, late answers go nowhere, and the poll's timer runs only while it should.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from contract.codes import AlertOutcome, AlertStatus, ShieldEvent, ShieldPhase
from desktop.identity import SignedInUser
from desktop.management.action_request import ActionRequest
from desktop.management.drafts import AlertStepDraft, DecisionDraft, ShieldStepDraft
from desktop.management.flow import WorkspaceFlow
from desktop.management.items import ShieldReasonItem
from desktop.management.lists import WORKLISTS
from tests.desktop.management.fake import FakeController, FakeFront
from tests.desktop.management.values import (
    CP_ID,
    REFUSALS,
    alert,
    empty,
    page,
    request,
    shield,
)

NOTE = "Zzspoke to the social worker's manager: the override was justified."
REASONS = (ShieldReasonItem("domestic_violence", "Domestic violence"),)
SIGNALS = (
    "alerts_shown",
    "requests_shown",
    "reviews_shown",
    "counts_changed",
    "lists_available",
    "problem",
    "dialog_wanted",
    "dialog_problem",
    "dialog_closed",
    "action_done",
    "cleared",
)


class Seen:
    """Every signal the flow emitted, in order, as (name, arguments)."""

    def __init__(self, flow: WorkspaceFlow) -> None:
        self.signals: list[tuple[str, tuple[Any, ...]]] = []
        for name in SIGNALS:
            getattr(flow, name).connect(self._recorder(name))

    def _recorder(self, name: str) -> Any:
        return lambda *args: self.signals.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.signals]

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.signals if n == name]

    def clear(self) -> None:
        self.signals.clear()


Rig = tuple[FakeController, FakeFront, WorkspaceFlow, Seen]


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    controller = FakeController()
    # An hour: no tick comes unless a test asks for one.
    flow = WorkspaceFlow(controller, interval_ms=3_600_000)
    yield controller, controller.worklists, flow, Seen(flow)
    flow.stop()
    flow.deleteLater()
    controller.deleteLater()


def user(*roles: str) -> SignedInUser:
    return SignedInUser("Zz Manager", "Zz team", roles, "E08000035")


def answer_all(front: FakeFront) -> None:
    """Answer every list asked for: two alerts (one closed), a contact request, no shield
    request, and one shield of the two on the reviews list."""
    pages = {
        "alerts": page(alert(1), alert(2, AlertStatus.CLOSED)),
        "contact": page(request("contact")),
        "shield": empty(),
        "reviews": page(shield(), total=2),
    }
    for key, asked in front.fetches().items():
        asked.succeed(pages[key])


def signed_in(rig: Rig, *roles: str) -> None:
    controller, front, _, seen = rig
    controller.signed_in.emit(user(*(roles or ("management",))))
    if front.pending():
        answer_all(front)
    seen.clear()


# --- the poll --------------------------------------------------------------------------------


def test_signing_in_shows_the_teams_lists_and_their_counts(rig: Rig) -> None:
    controller, front, flow, seen = rig
    controller.signed_in.emit(user("management"))
    assert seen.of("lists_available") == [(WORKLISTS,)]
    assert [a.call for a in front.pending()] == ["alerts", "requests", "requests", "reviews"]
    assert front.fetch("alerts").args == (None, 1)  # every status, the first page
    answer_all(front)
    assert [args[0] for args in seen.of("requests_shown")] == ["contact", "shield"]
    assert len(seen.of("alerts_shown")) == len(seen.of("reviews_shown")) == 1
    assert seen.of("counts_changed")[-1] == (
        {"alerts": 1, "contact": 1, "shield": 0, "reviews": 2},
    )
    assert flow.polling


def test_a_shield_officer_has_two_lists_and_a_practitioner_none(rig: Rig) -> None:
    controller, front, flow, seen = rig
    controller.signed_in.emit(user("shield_officer"))
    assert seen.of("lists_available") == [(("shield", "reviews"),)]
    assert sorted(a.call for a in front.pending()) == ["requests", "reviews"]
    controller.locked.emit("Locked")
    controller.signed_in.emit(user("practitioner", "override"))
    assert seen.of("lists_available")[-1] == ((),)
    assert front.pending() == [] and not flow.polling


def test_the_timer_polls_again_at_its_interval(qtbot: QtBot) -> None:
    controller = FakeController()
    flow = WorkspaceFlow(controller, interval_ms=1)
    controller.signed_in.emit(user("shield_officer"))
    front = controller.worklists
    front.fetch("shield").succeed(empty())
    front.fetch("reviews").succeed(empty())
    qtbot.waitUntil(lambda: len(front.pending()) == 2)
    assert sorted(a.call for a in front.pending()) == ["requests", "reviews"]
    controller.locked.emit("Locked")
    assert not flow.polling
    flow.deleteLater()


def test_the_interval_is_the_policys() -> None:
    assert WorkspaceFlow(FakeController(poll_seconds=45)).interval_ms == 45_000


def test_a_lock_clears_everything_and_drops_the_answers_to_come(rig: Rig) -> None:
    controller, front, flow, seen = rig
    controller.signed_in.emit(user("management"))
    alerts = front.fetch("alerts")
    controller.locked.emit("Locked")
    assert seen.names()[-1] == "cleared" and not flow.polling
    assert all(a.cancelled for a in front.asked)
    alerts.deliver_anyway(page(alert(1)))  # past the cancel: still shown to nobody
    assert seen.of("alerts_shown") == [] and seen.of("counts_changed") == []


def test_a_late_answer_after_the_unlock_leaves_the_new_fetch_cancellable(rig: Rig) -> None:
    controller, front, _, seen = rig
    controller.signed_in.emit(user("shield_officer"))
    before = front.fetch("reviews")
    controller.locked.emit("Locked")
    controller.signed_in.emit(user("shield_officer"))
    after = front.fetch("reviews")
    before.deliver_anyway(page(shield()))  # from the session before: dropped
    assert seen.of("reviews_shown") == []
    controller.locked.emit("Locked")
    assert after.cancelled  # still known, so still cancelled at the next lock


@pytest.mark.parametrize("signal", ["signed_out", "token_wanted", "records_cleared"])
def test_every_end_of_the_session_clears_the_workspace(rig: Rig, signal: str) -> None:
    controller, _, flow, seen = rig
    signed_in(rig)
    emit = getattr(controller, signal).emit
    emit() if signal == "records_cleared" else emit("Signed out")
    assert seen.names() == ["cleared"] and not flow.polling and flow.lists == ()


def test_the_alert_filter_asks_for_those_alerts(rig: Rig) -> None:
    _, front, flow, seen = rig
    signed_in(rig)
    flow.set_alert_filter(AlertStatus.ESCALATED)
    assert front.only("alerts").args == (AlertStatus.ESCALATED, 1)
    front.only("alerts").succeed(page(alert(4, AlertStatus.ESCALATED), total=5))
    assert seen.of("counts_changed")[-1][0]["alerts"] == 5


def test_a_list_that_fails_says_so(rig: Rig) -> None:
    controller, front, _, seen = rig
    controller.signed_in.emit(user("shield_officer"))
    front.fetch("reviews").fail(REFUSALS["unreachable"])
    assert seen.of("problem") == [(REFUSALS["unreachable"],)]


# --- one action ------------------------------------------------------------------------------


def asked(seen: Seen) -> ActionRequest:
    (request_,) = seen.of("dialog_wanted")[-1]
    assert isinstance(request_, ActionRequest)
    return request_


def test_closing_an_alert_from_the_dialog_to_the_refreshed_lists(rig: Rig, qtbot: QtBot) -> None:
    _, front, flow, seen = rig
    signed_in(rig)
    item = alert(1)
    with qtbot.waitSignal(flow.dialog_wanted):
        flow.act(item, AlertStatus.CLOSED)
    wanted = asked(seen)
    assert (wanted.kind, wanted.action, wanted.cp_id, wanted.item) == (
        "alert",
        AlertStatus.CLOSED,
        CP_ID,
        item,
    )
    draft = AlertStepDraft(AlertStatus.CLOSED, AlertOutcome.JUSTIFIED, NOTE)
    flow.submit(wanted.ticket, draft)
    sent = front.only("update_alert")
    assert sent.args == (item.id, draft)
    seen.clear()
    sent.succeed(alert(1, AlertStatus.CLOSED))
    assert seen.names() == ["dialog_closed", "action_done"]
    assert seen.of("action_done") == [("Alert OVR-0001 closed.",)]
    assert len(front.pending()) == 4  # every list asked for again


def test_placing_a_shield_from_a_record_corrects_the_note_in_the_dialog(rig: Rig) -> None:
    _, front, flow, seen = rig
    signed_in(rig, "shield_officer")
    flow.act(CP_ID, ShieldEvent.PLACE, phase=ShieldPhase.UNSHIELDED)
    front.only("shield_reasons").succeed(REASONS)
    wanted = asked(seen)
    assert (wanted.kind, wanted.cp_id, wanted.item, wanted.reasons, wanted.phase) == (
        "shield",
        CP_ID,
        None,
        REASONS,
        ShieldPhase.UNSHIELDED,
    )
    draft = ShieldStepDraft(ShieldEvent.PLACE, "domestic_violence", NOTE)
    flow.submit(wanted.ticket, draft)
    assert front.only("shield_step").args == (CP_ID, draft)
    front.only("shield_step").fail(REFUSALS["422"])
    assert seen.of("dialog_problem") == [(REFUSALS["422"],)]
    assert "dialog_closed" not in seen.names()
    flow.submit(wanted.ticket, draft)  # the same dialog, corrected
    front.only("shield_step").succeed(shield())
    assert seen.names()[-2:] == ["dialog_closed", "action_done"]
    assert CP_ID not in seen.of("action_done")[0][0]


def test_a_review_from_the_reviews_tab(rig: Rig) -> None:
    _, front, flow, seen = rig
    signed_in(rig)
    item = shield(ShieldPhase.CONFIRMED)
    flow.act(item, (ShieldEvent.RENEW, True))
    wanted = asked(seen)
    assert (wanted.kind, wanted.review, wanted.phase) == ("shield", True, ShieldPhase.CONFIRMED)
    draft = ShieldStepDraft(ShieldEvent.RENEW, note=NOTE)
    flow.submit(wanted.ticket, draft)
    assert front.only("shield_step").args == (CP_ID, draft)


def test_a_conflict_closes_the_dialog_and_says_why(rig: Rig) -> None:
    _, front, flow, seen = rig
    signed_in(rig)
    item = request("contact")
    flow.act(item, "brokered")  # type: ignore[arg-type]  # a DECISIONS code, as the tab sends
    draft = DecisionDraft("contact", "brokered", NOTE)
    flow.submit(asked(seen).ticket, draft)
    assert front.only("decide_request").args == (item.id, draft)
    front.only("decide_request").fail(REFUSALS["409"])
    assert seen.names()[-2:] == ["dialog_closed", "problem"]
    assert seen.of("problem") == [(REFUSALS["409"],)]


def test_a_lock_while_sending_closes_the_dialog_and_drops_the_answer(rig: Rig) -> None:
    controller, front, flow, seen = rig
    signed_in(rig)
    flow.act(alert(1), AlertStatus.ACKNOWLEDGED)
    flow.submit(asked(seen).ticket, AlertStepDraft(AlertStatus.ACKNOWLEDGED))
    sent = front.only("update_alert")
    seen.clear()
    controller.locked.emit("Locked")
    assert seen.names() == ["dialog_closed", "cleared"] and sent.cancelled
    sent.deliver_anyway(alert(1, AlertStatus.ACKNOWLEDGED))
    assert seen.names() == ["dialog_closed", "cleared"]


def test_cancelling_the_dialog_closes_it_and_a_stray_submit_sends_nothing(rig: Rig) -> None:
    _, front, flow, seen = rig
    signed_in(rig)
    flow.act(alert(1, AlertStatus.ACKNOWLEDGED), AlertStatus.ESCALATED)
    ticket = asked(seen).ticket
    flow.cancel(ticket)
    assert seen.names()[-1] == "dialog_closed"
    flow.submit(ticket, AlertStepDraft(AlertStatus.ESCALATED))
    assert front.pending("update_alert") == []


def test_an_action_that_does_not_fit_its_item_is_refused(rig: Rig) -> None:
    _, _, flow, _ = rig
    with pytest.raises(ValueError, match="does not apply"):
        flow.act(alert(1), ShieldEvent.CONFIRM)
    with pytest.raises(ValueError, match="does not apply"):
        flow.act(CP_ID, AlertStatus.CLOSED)
    with pytest.raises(ValueError, match="does not apply"):
        flow.act(alert(1, AlertStatus.CLOSED), AlertStatus.CLOSED)  # closed already
    with pytest.raises(ValueError, match="does not apply"):
        flow.act(alert(1, AlertStatus.ESCALATED), AlertStatus.ACKNOWLEDGED)  # backwards
    with pytest.raises(ValueError, match="does not apply"):
        flow.act(request("contact", status="declined"), "brokered")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="does not apply"):
        flow.act(request("shield"), "brokered")  # type: ignore[arg-type]
