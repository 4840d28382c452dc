"""HistoryFlow over the fake controller: a child's access history and a practitioner's own
requests, each answered only while the session that asked lasts, and only the last asked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.management.history_flow import HistoryFlow
from tests.desktop.management.fake import FakeController, FakeFront
from tests.desktop.management.values import CP_ID, REFUSALS, empty, page, request

Rig = tuple[FakeController, FakeFront, HistoryFlow, list[tuple[str, tuple[Any, ...]]]]


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    controller = FakeController()
    flow = HistoryFlow(controller)
    seen: list[tuple[str, tuple[Any, ...]]] = []
    for name in ("history_shown", "my_requests_shown", "problem"):
        getattr(flow, name).connect(lambda *args, n=name: seen.append((n, args)))
    yield controller, controller.worklists, flow, seen
    flow.deleteLater()
    controller.deleteLater()


def test_the_access_history_is_shown_page_by_page(rig: Rig) -> None:
    _, front, flow, seen = rig
    flow.show_history(CP_ID, page=2)
    asked = front.only("access_history")
    assert asked.args == (CP_ID, 2)
    history = empty()
    asked.succeed(history)
    assert seen == [("history_shown", (history,))]


def test_only_the_last_page_asked_for_is_shown(rig: Rig) -> None:
    _, front, flow, seen = rig
    flow.show_history(CP_ID, page=1)
    first = front.only("access_history")
    flow.show_history(CP_ID, page=2)
    assert first.cancelled
    first.deliver_anyway(empty())
    assert seen == []


@pytest.mark.parametrize("signal", ["locked", "signed_out", "token_wanted", "records_cleared"])
def test_an_answer_after_the_session_ended_is_shown_to_nobody(rig: Rig, signal: str) -> None:
    controller, front, flow, seen = rig
    flow.show_history(CP_ID)
    flow.show_my_requests()
    emit = getattr(controller, signal).emit
    emit() if signal == "records_cleared" else emit("Locked")
    assert all(a.cancelled for a in front.asked)
    front.asked[0].deliver_anyway(empty())
    front.asked[1].deliver_anyway(empty(), empty())
    assert seen == []


def test_my_requests_brings_both_lists(rig: Rig) -> None:
    _, front, flow, seen = rig
    flow.show_my_requests()
    contact, shield = page(request("contact", status="brokered")), page(request("shield"))
    front.only("my_requests").succeed(contact, shield)
    assert seen == [("my_requests_shown", (contact, shield))]


def test_a_refusal_is_said(rig: Rig) -> None:
    _, front, flow, seen = rig
    flow.show_history(CP_ID)
    front.only("access_history").fail(REFUSALS["404"])
    assert seen == [("problem", (REFUSALS["404"],))]
