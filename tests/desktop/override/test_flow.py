"""The override driver over a controller that answers when told (tests/desktop/override/fake):
each effect becomes the right controller call or signal, late answers go nowhere, and every
PIN buffer ends zeroed. Signals are direct, so no event loop is needed: only a QApplication.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from desktop.override import State
from desktop.override.flow import JustificationRequest, OverrideFlow
from desktop.problems import Problem
from desktop.requests import OverrideDraft
from tests.desktop.override.fake import Asked, FakeController
from tests.desktop.override.test_machine import (
    CP_ID,
    REASONS,
    REFUSALS,
    RULE,
    UNAVAILABLE,
    UNREADABLE,
    WRONG_PIN,
    prompt,
)

JUSTIFICATION = "Police need the address today: the child is at immediate risk of harm."
BODY = {"cp_id": CP_ID, "level": "override"}
REFERENCE = "OVR-0001"


class Seen:
    """Every signal the flow emitted, in order, as (name, arguments)."""

    def __init__(self, flow: OverrideFlow) -> None:
        self.signals: list[tuple[str, tuple[Any, ...]]] = []
        for name in ("justification_wanted", "dialog_closed", "full_view", "problem"):
            getattr(flow, name).connect(self._recorder(name))

    def _recorder(self, name: str) -> Any:
        return lambda *args: self.signals.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.signals]

    def requests(self) -> list[JustificationRequest]:
        return [args[0] for name, args in self.signals if name == "justification_wanted"]

    def views(self) -> list[tuple[Any, ...]]:
        return [args for name, args in self.signals if name == "full_view"]


@pytest.fixture
def rig(qapp: QApplication) -> Iterator[tuple[FakeController, OverrideFlow, Seen]]:
    controller = FakeController()
    flow = OverrideFlow(controller)
    yield controller, flow, Seen(flow)
    flow.deleteLater()
    controller.deleteLater()


Rig = tuple[FakeController, OverrideFlow, Seen]


def draft(pin: str = "246810") -> OverrideDraft:
    return OverrideDraft("missing_child", JUSTIFICATION, bytearray(pin.encode()))


def to_the_dialog(controller: FakeController, flow: OverrideFlow, seen: Seen) -> None:
    flow.start(CP_ID)
    controller.last.succeed(REASONS, RULE)
    controller.last.succeed(prompt())
    assert flow.state is State.JUSTIFYING and seen.names()[-1] == "justification_wanted"


def test_the_whole_override_asks_reasons_prompt_then_the_directory(rig: Rig) -> None:
    controller, flow, seen = rig
    flow.start(CP_ID)
    assert [a.kind for a in controller.asked] == ["reasons"] and flow.state is State.LOADING_REASONS
    controller.last.succeed(REASONS, RULE)
    assert [a.kind for a in controller.asked] == ["reasons", "prompt"]
    controller.last.succeed(prompt())
    request = seen.requests()[0]
    assert (request.reasons, request.rule, request.prompt) == (REASONS, RULE, prompt())
    assert (request.reason_code, request.justification) == (None, "")
    assert JUSTIFICATION not in repr(request)

    sent = draft()
    flow.submit(request.ticket, sent)
    asked = controller.last
    assert (asked.kind, asked.cp_id, asked.draft) == ("override", CP_ID, sent)
    assert seen.names()[-1] == "dialog_closed" and flow.state is State.REQUESTING
    asked.succeed(BODY, REFERENCE)
    assert seen.views() == [(BODY, REFERENCE)]
    assert flow.state is State.IDLE and not any(sent.pin)


def test_a_wrong_pin_asks_again_keeping_the_reason_and_the_justification(rig: Rig) -> None:
    controller, flow, seen = rig
    to_the_dialog(controller, flow, seen)
    first = draft("000000")
    flow.submit(seen.requests()[0].ticket, first)
    controller.last.fail(WRONG_PIN)
    assert controller.last.kind == "prompt"  # the PIN state read afresh, never the PIN
    controller.last.succeed(prompt())
    again = seen.requests()[-1]
    assert again.prompt.failure == WRONG_PIN.text
    assert (again.reason_code, again.justification) == ("missing_child", JUSTIFICATION)
    second = draft()
    flow.submit(again.ticket, second)
    controller.last.succeed(BODY, REFERENCE)
    assert seen.views() == [(BODY, REFERENCE)]
    assert not any(first.pin) and not any(second.pin)
    # The next override starts clean.
    to_the_dialog(controller, flow, seen)
    assert seen.requests()[-1].justification == "" and seen.requests()[-1].prompt.failure is None


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_refusal_by_the_directory_is_shown_and_ends_the_override(rig: Rig, name: str) -> None:
    controller, flow, seen = rig
    to_the_dialog(controller, flow, seen)
    flow.submit(seen.requests()[0].ticket, draft())
    controller.last.fail(REFUSALS[name])
    assert seen.signals[-1] == ("problem", (REFUSALS[name],))
    assert flow.state is State.IDLE and seen.views() == []


@pytest.mark.parametrize(("step", "problem"), [("reasons", UNAVAILABLE), ("prompt", UNREADABLE)])
def test_reasons_or_pin_state_unavailable_is_shown(rig: Rig, step: str, problem: Problem) -> None:
    controller, flow, seen = rig
    flow.start(CP_ID)
    if step == "prompt":
        controller.last.succeed(REASONS, RULE)
    controller.last.fail(problem)
    assert seen.names() == ["problem"] and flow.state is State.IDLE


@pytest.mark.parametrize("end", ["locked", "signed_out", "token_wanted"])
def test_the_session_ending_under_the_request_drops_its_late_answer(rig: Rig, end: str) -> None:
    controller, flow, seen = rig
    to_the_dialog(controller, flow, seen)
    sent = draft()
    flow.submit(seen.requests()[0].ticket, sent)
    request = controller.last
    getattr(controller, end).emit("why")
    assert request.cancelled and flow.state is State.IDLE
    request.deliver_anyway(BODY, REFERENCE)  # even if it slipped past the cancel
    assert seen.views() == []
    # And not into a later override either.
    to_the_dialog(controller, flow, seen)
    request.deliver_anyway(BODY, REFERENCE)
    assert seen.views() == [] and flow.state is State.JUSTIFYING
    controller.finish_everything()
    assert not any(sent.pin)


@pytest.mark.parametrize("end", ["locked", "signed_out", "token_wanted"])
def test_the_session_ending_closes_the_dialog(rig: Rig, end: str) -> None:
    controller, flow, seen = rig
    to_the_dialog(controller, flow, seen)
    ticket = seen.requests()[0].ticket
    getattr(controller, end).emit("why")
    assert seen.names()[-1] == "dialog_closed" and flow.state is State.IDLE
    late = draft()
    flow.submit(ticket, late)  # the dialog's button, pressed as it went
    assert not any(late.pin) and [a.kind for a in controller.asked] == ["reasons", "prompt"]


def test_cancel_while_loading_drops_the_answer_and_a_second_start_waits(rig: Rig) -> None:
    controller, flow, seen = rig
    flow.start(CP_ID)
    flow.start("999999999999")  # one override at a time
    assert len(controller.asked) == 1
    flow.cancel()
    assert controller.last.cancelled and flow.state is State.IDLE
    controller.last.deliver_anyway(REASONS, RULE)
    assert len(controller.asked) == 1 and seen.names() == []


def test_cancel_from_the_dialog_closes_it(rig: Rig) -> None:
    controller, flow, seen = rig
    to_the_dialog(controller, flow, seen)
    flow.cancel(seen.requests()[0].ticket)
    assert seen.names()[-1] == "dialog_closed" and flow.state is State.IDLE


def test_a_locked_card_cannot_submit(rig: Rig) -> None:
    controller, flow, seen = rig
    flow.start(CP_ID)
    controller.last.succeed(REASONS, RULE)
    controller.last.succeed(prompt(locked=True))
    stray = draft()
    flow.submit(seen.requests()[0].ticket, stray)
    assert not any(stray.pin) and controller.last.kind == "prompt"
    assert flow.state is State.JUSTIFYING


def test_a_cancel_raised_by_closing_the_dialog_waits_for_the_effects(rig: Rig) -> None:
    # The dialog's own cancelled signal, emitted as the flow closes it, is handled after
    # the submission's effects: the request is still sent, once.
    controller, flow, seen = rig
    to_the_dialog(controller, flow, seen)
    ticket = seen.requests()[0].ticket
    flow.dialog_closed.connect(lambda: flow.cancel(ticket))
    flow.submit(ticket, draft())
    assert [a.kind for a in controller.asked][-1] == "override"
    assert flow.state is State.REQUESTING and not controller.last.cancelled


# -- random sequences through the driver -------------------------------------------------

SUCCESSES: dict[str, tuple[Any, ...]] = {
    "reasons": (REASONS, RULE),
    "prompt": (prompt(),),
    "override": (BODY, REFERENCE),
}
# "forward" does what the flow waits for (start, answer, submit), so that runs get far.
FORWARD = {
    State.IDLE: "start",
    State.LOADING_REASONS: "answer",
    State.READING_PIN: "answer",
    State.JUSTIFYING: "submit",
    State.REQUESTING: "answer",
}
ACTIONS = st.lists(
    st.sampled_from(
        [
            *["forward"] * 8,
            "start",
            "answer",
            "answer",
            "answer",
            "fail card",
            "fail directory",
            "submit",
            "submit stale",
            "cancel",
            "lock",
            "sign out",
            "pull card",
            "late answer",
        ]
    ),
    max_size=40,
)


class Run:
    """One random run: the flow, its fake controller, and what the test handed it."""

    def __init__(self) -> None:
        self.controller = FakeController()
        self.flow = OverrideFlow(self.controller)
        self.seen = Seen(self.flow)
        self.drafts: list[OverrideDraft] = []
        self.live: Asked | None = None  # the override request whose answer may be shown

    def act(self, action: str, question: Asked | None) -> None:
        controller, flow = self.controller, self.flow
        match action:
            case "start":
                flow.start(CP_ID)
            case "answer" if question is not None:
                question.succeed(*SUCCESSES[question.kind])
            case "fail card" if question is not None:
                question.fail(WRONG_PIN if question.kind == "override" else UNREADABLE)
            case "fail directory" if question is not None:
                question.fail(REFUSALS["429"])
            case "submit" | "submit stale" if self.seen.requests():
                self.submit(self.seen.requests()[-1].ticket - (action == "submit stale"))
            case "cancel":
                flow.cancel()
            case "lock":
                controller.locked.emit("idle")
            case "sign out":
                controller.signed_out.emit("you signed out")
            case "pull card":
                controller.token_wanted.emit("Card removed: insert it to continue")
            case "late answer":
                # The override requests first: their late answer is the one that matters.
                old = [a for a in controller.asked if a.cancelled or a.done]
                old.sort(key=lambda a: a.kind == "override")
                if old:
                    old[-1].deliver_anyway(*SUCCESSES[old[-1].kind])

    def submit(self, ticket: int) -> None:
        self.drafts.append(draft())
        before = len(self.controller.asked)
        self.flow.submit(ticket, self.drafts[-1])
        if len(self.controller.asked) > before:
            self.live = self.controller.last

    def unheld_pins_are_zero(self) -> bool:
        asked = self.controller.asked
        held = {id(a.draft) for a in asked if a.draft is not None and not a.done}
        return all(not any(d.pin) for d in self.drafts if id(d) not in held)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ACTIONS)
def test_any_sequence_shows_only_live_answers_and_wipes_every_pin(
    qapp: QApplication, actions: list[str]
) -> None:
    run = Run()
    for action in actions:
        pending = run.controller.pending()
        assert len(pending) <= 1  # at most one question to the controller at a time
        question = pending[0] if pending else None
        views = len(run.seen.views())
        action = FORWARD[run.flow.state] if action == "forward" else action
        run.act(action, question)
        # Shown once, and only as the answer to the live request: never a cancelled one's.
        answered_live = action == "answer" and question is not None and question is run.live
        assert len(run.seen.views()) == views + answered_live
        # A draft not in the hands of an unfinished request is already zeroed.
        assert run.unheld_pins_are_zero()
        waiting = run.flow.state in (State.LOADING_REASONS, State.READING_PIN, State.REQUESTING)
        assert len(run.controller.pending()) == (1 if waiting else 0)
    run.controller.finish_everything()
    assert all(not any(d.pin) for d in run.drafts)
    run.flow.deleteLater()
    run.controller.deleteLater()
