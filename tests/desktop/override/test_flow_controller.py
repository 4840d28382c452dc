"""The override driver over the real controller: fake cards, the directory in-process
(tests/desktop/rig.py). The full view arrives once, a wrong PIN asks again, the
directory's refusals are shown, and an answer held on the wire past a lock goes nowhere.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.override import State
from desktop.override.flow import JustificationRequest, OverrideFlow
from desktop.problems import Problem, ProblemKind
from desktop.requests import OverrideDraft
from tests.desktop.rig import FAMILY, JUSTIFICATION, WAIT_MS, Rig, RigFactory


def signed_in(make_rig: RigFactory, card: str = "zz-override") -> tuple[Rig, OverrideFlow]:
    rig = make_rig(card)
    rig.start()
    rig.sign_in()
    return rig, OverrideFlow(rig.controller, rig.owner)


def at_the_dialog(
    make_rig: RigFactory, qtbot: QtBot
) -> tuple[Rig, OverrideFlow, str, JustificationRequest]:
    """Signed in with the override right, the dialog asked for a shielded child."""
    rig, flow = signed_in(make_rig)
    cp_id = rig.world.add_child(family_name=FAMILY, shielded=True)
    return rig, flow, cp_id, asked(qtbot, flow, cp_id)


def asked(qtbot: QtBot, flow: OverrideFlow, cp_id: str) -> JustificationRequest:
    with qtbot.waitSignal(flow.justification_wanted, timeout=WAIT_MS) as wanted:
        flow.start(cp_id)
    request = wanted.args[0]
    assert isinstance(request, JustificationRequest)
    return request


def draft(rig: Rig, pin: str | None = None) -> OverrideDraft:
    return OverrideDraft("missing_child", JUSTIFICATION, rig.pin() if pin is None else rig.pin(pin))


def test_the_full_view_arrives_once_after_the_justification(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig, flow, cp_id, request = at_the_dialog(make_rig, qtbot)
    assert request.prompt.purpose == "override" and request.prompt.failure is None
    assert any(r.code == "missing_child" for r in request.reasons)
    views: list[tuple[Any, ...]] = []
    flow.full_view.connect(lambda *args: views.append(args))
    with qtbot.waitSignal(flow.full_view, timeout=WAIT_MS):
        flow.submit(request.ticket, draft(rig))
    ((body, reference),) = views
    assert body["cp_id"] == cp_id and body["level"] == "override"
    assert reference.startswith("OVR-")
    assert flow.state is State.IDLE


def test_a_wrong_pin_asks_again_and_the_right_one_then_overrides(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig, flow, _, request = at_the_dialog(make_rig, qtbot)
    with qtbot.waitSignal(flow.justification_wanted, timeout=WAIT_MS) as again:
        flow.submit(request.ticket, draft(rig, "000000"))
    retry = again.args[0]
    assert retry.prompt.failure is not None
    assert retry.prompt.failure.startswith("The PIN was not correct.")
    assert retry.prompt.pin_state.count_low  # read afresh after the wrong PIN
    assert (retry.reason_code, retry.justification) == ("missing_child", JUSTIFICATION)
    with qtbot.waitSignal(flow.full_view, timeout=WAIT_MS):
        flow.submit(retry.ticket, draft(rig))


@pytest.mark.parametrize(
    ("card", "child", "code"),
    [
        ("zz-practitioner", "shielded", "not_allowed"),  # 403: no override right
        ("zz-override", "unknown", "not_found"),  # 404
        ("zz-override", "ordinary", "conflict"),  # 409: not shielded from this viewer
    ],
)
def test_the_directory_s_refusal_is_shown_with_its_reference(
    make_rig: RigFactory, qtbot: QtBot, card: str, child: str, code: str
) -> None:
    rig, flow = signed_in(make_rig, card)
    cp_id = (
        "999999999999"
        if child == "unknown"
        else rig.world.add_child(family_name=FAMILY, shielded=child == "shielded")
    )
    request = asked(qtbot, flow, cp_id)
    views: list[object] = []
    flow.full_view.connect(views.append)
    with qtbot.waitSignal(flow.problem, timeout=WAIT_MS) as told:
        flow.submit(request.ticket, draft(rig))
    problem = told.args[0]
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.code) == (ProblemKind.REFUSED, code)
    assert problem.correlation_id
    assert views == [] and flow.state is State.IDLE


def test_an_unreachable_directory_is_shown(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig, flow = signed_in(make_rig)
    rig.network.down = True
    with qtbot.waitSignal(flow.problem, timeout=WAIT_MS) as told:
        flow.start("123456789012")
    assert told.args[0].kind is ProblemKind.UNREACHABLE
    assert flow.state is State.IDLE


def test_a_full_view_held_on_the_wire_past_a_lock_is_never_shown(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig, flow, cp_id, request = at_the_dialog(make_rig, qtbot)
    path = f"/v1/children/{cp_id}/overrides"
    gate = rig.network.held[path] = threading.Event()
    views: list[object] = []
    flow.full_view.connect(views.append)
    flow.submit(request.ticket, draft(rig))
    qtbot.waitUntil(lambda: path in rig.network.holding, timeout=WAIT_MS)
    rig.controller.lock_now()
    assert flow.state is State.IDLE
    # The directory answers in full (and raises its alert); the answer must go nowhere.
    with qtbot.waitSignal(rig.controller.busy, timeout=WAIT_MS, check_params_cb=lambda b: not b):
        gate.set()
    assert rig.network.count("POST", path) == 1
    assert views == [] and flow.state is State.IDLE
