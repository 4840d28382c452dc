"""The workspace's action machine, headless: an expected table, scenarios, invariants.

The table is written out by hand, to be read against the one in
`desktop.management.action.machine`'s docstring rather than derived from it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ShieldEvent,
    ShieldRequestStatus,
)
from desktop.management.action import (
    Act,
    ActionEffect,
    ActionEvent,
    ActionMachine,
    ActionState,
    Cancelled,
    Done,
    ReasonsLoaded,
    ReasonsUnavailable,
    Refused,
    Stopped,
    Submitted,
    correctable,
    needs_reasons,
)
from desktop.management.drafts import AlertStepDraft, DecisionDraft, ShieldStepDraft
from desktop.management.items import ShieldReasonItem
from tests.desktop.management.values import CP_ID, REFUSALS, alert, request, shield

E = ActionEffect
REASONS = (ShieldReasonItem("domestic_violence", "Domestic violence"),)
NOTE = "Zzchecked with the social worker: the override was needed."
CLOSE = Act("alert", AlertStatus.CLOSED, CP_ID, alert())
CLOSING = AlertStepDraft(AlertStatus.CLOSED, AlertOutcome.JUSTIFIED, NOTE)
PLACE = Act("shield", ShieldEvent.PLACE, CP_ID, None)
PLACING = ShieldStepDraft(ShieldEvent.PLACE, "domestic_violence", NOTE)

Make = Callable[[ActionMachine], ActionEvent]


def t(m: ActionMachine) -> int:
    return m.ticket if m.ticket is not None else -1


def d(m: ActionMachine) -> int:
    return m.dialog_ticket if m.dialog_ticket is not None else -1


EVENTS: dict[str, Make] = {
    "Act(close alert)": lambda _m: CLOSE,
    "Act(place shield)": lambda _m: PLACE,
    "ReasonsLoaded": lambda m: ReasonsLoaded(t(m), REASONS),
    "ReasonsUnavailable": lambda m: ReasonsUnavailable(t(m), REFUSALS["unreachable"]),
    "Submitted(fits)": lambda m: Submitted(d(m), CLOSING),
    "Submitted(other draft)": lambda m: Submitted(d(m), PLACING),
    "Done": lambda m: Done(t(m), alert(status=AlertStatus.CLOSED)),
    "Refused(422)": lambda m: Refused(t(m), REFUSALS["422"]),
    "Refused(409)": lambda m: Refused(t(m), REFUSALS["409"]),
    "Refused(unreachable)": lambda m: Refused(t(m), REFUSALS["unreachable"]),
    "Cancelled(dialog)": lambda m: Cancelled(d(m)),
    "Cancelled(question)": lambda m: Cancelled(t(m)),
    "late Done": lambda m: Done(t(m) - 1, alert()),
    "late Submitted": lambda m: Submitted(d(m) - 1, CLOSING),
    "Stopped": lambda _m: Stopped(),
}
SETUPS: dict[str, tuple[Make, ...]] = {
    "IDLE": (),
    "LOADING_REASONS": (EVENTS["Act(place shield)"],),
    "ASKING": (EVENTS["Act(close alert)"],),
    "SENDING": (EVENTS["Act(close alert)"], EVENTS["Submitted(fits)"]),
    "ASKING (after a 422)": (
        EVENTS["Act(close alert)"],
        EVENTS["Submitted(fits)"],
        EVENTS["Refused(422)"],
    ),
}
IGNORED = None
# (situation, event) -> (next state, effects); every pair not listed is IGNORED.
EXPECTED: dict[tuple[str, str], tuple[str, tuple[ActionEffect, ...]] | None] = {
    ("IDLE", "Act(close alert)"): ("ASKING", (E.ASK,)),
    ("IDLE", "Act(place shield)"): ("LOADING_REASONS", (E.FETCH_REASONS,)),
    ("LOADING_REASONS", "ReasonsLoaded"): ("ASKING", (E.ASK,)),
    ("LOADING_REASONS", "ReasonsUnavailable"): ("IDLE", (E.SHOW_PROBLEM,)),
    ("LOADING_REASONS", "Cancelled(question)"): ("IDLE", (E.CANCEL_REQUEST,)),
    ("LOADING_REASONS", "Stopped"): ("IDLE", (E.CANCEL_REQUEST,)),
    ("ASKING", "Submitted(fits)"): ("SENDING", (E.SEND,)),
    ("ASKING", "Cancelled(dialog)"): ("IDLE", (E.CLOSE_DIALOG,)),
    ("ASKING", "Stopped"): ("IDLE", (E.CLOSE_DIALOG,)),
    ("SENDING", "Done"): ("IDLE", (E.CLOSE_DIALOG, E.SHOW_DONE, E.REFRESH)),
    ("SENDING", "Refused(422)"): ("ASKING", (E.SHOW_DIALOG_PROBLEM,)),
    ("SENDING", "Refused(409)"): ("IDLE", (E.CLOSE_DIALOG, E.SHOW_PROBLEM, E.REFRESH)),
    ("SENDING", "Refused(unreachable)"): ("IDLE", (E.CLOSE_DIALOG, E.SHOW_PROBLEM)),
    ("SENDING", "Cancelled(dialog)"): (
        "IDLE",
        (E.CANCEL_REQUEST, E.CLOSE_DIALOG, E.REFRESH),
    ),
    ("SENDING", "Stopped"): ("IDLE", (E.CANCEL_REQUEST, E.CLOSE_DIALOG)),
    ("ASKING (after a 422)", "Submitted(fits)"): ("SENDING", (E.SEND,)),
    ("ASKING (after a 422)", "Cancelled(dialog)"): ("IDLE", (E.CLOSE_DIALOG,)),
    ("ASKING (after a 422)", "Stopped"): ("IDLE", (E.CLOSE_DIALOG,)),
}


def machine_in(situation: str) -> ActionMachine:
    m = ActionMachine()
    for make in SETUPS[situation]:
        assert m.handle(make(m)).accepted, situation
    return m


@pytest.mark.parametrize("situation", list(SETUPS))
@pytest.mark.parametrize("event", list(EVENTS))
def test_every_event_in_every_situation(situation: str, event: str) -> None:
    m = machine_in(situation)
    before = m.state
    transition = m.handle(EVENTS[event](m))
    expected = EXPECTED.get((situation, event), IGNORED)
    if expected is IGNORED:
        assert not transition.accepted and transition.effects == ()
        assert m.state is before
    else:
        state, effects = expected
        assert transition.accepted and (m.state.name, transition.effects) == (state, effects)
        assert (transition.problem is not None) == bool(
            {E.SHOW_PROBLEM, E.SHOW_DIALOG_PROBLEM} & set(effects)
        )
        assert (transition.request is not None) == (E.ASK in effects)
        assert (transition.draft is not None) == (E.SEND in effects)
        assert (transition.done is not None) == (E.SHOW_DONE in effects)


def test_the_expected_table_names_only_known_situations_and_events() -> None:
    for situation, event in EXPECTED:
        assert situation in SETUPS and event in EVENTS


# --- scenarios -------------------------------------------------------------------------------


def test_placing_shows_the_reasons_in_the_dialog_and_sends_the_draft() -> None:
    m = ActionMachine()
    m.handle(Act("shield", ShieldEvent.PLACE, CP_ID, None, phase=None))
    asked = m.handle(ReasonsLoaded(t(m), REASONS)).request
    assert asked is not None
    assert (asked.kind, asked.action, asked.cp_id, asked.reasons) == (
        "shield",
        ShieldEvent.PLACE,
        CP_ID,
        REASONS,
    )
    sent = m.handle(Submitted(asked.ticket, PLACING))
    assert sent.effects == (E.SEND,) and sent.draft is PLACING
    done = m.handle(Done(t(m), shield()))
    assert done.done is not None and CP_ID not in done.done


def test_the_dialog_keeps_its_ticket_across_a_refusal_it_can_correct() -> None:
    m = machine_in("ASKING")
    ticket = d(m)
    m.handle(Submitted(ticket, CLOSING))
    again = m.handle(Refused(t(m), REFUSALS["422 body"]))
    assert again.effects == (E.SHOW_DIALOG_PROBLEM,) and again.problem == REFUSALS["422 body"]
    assert d(m) == ticket and m.ticket is None
    assert m.handle(Submitted(ticket, CLOSING)).effects == (E.SEND,)


@pytest.mark.parametrize(
    ("act", "fits", "misfits"),
    [
        (
            Act("alert", AlertStatus.ACKNOWLEDGED, CP_ID, alert()),
            AlertStepDraft(AlertStatus.ACKNOWLEDGED),
            [AlertStepDraft(AlertStatus.ESCALATED), CLOSING],
        ),
        (
            Act("contact", ContactRequestStatus.BROKERED, CP_ID, request()),
            DecisionDraft("contact", "brokered", NOTE),
            [DecisionDraft("contact", "declined", NOTE), DecisionDraft("shield", "declined", NOTE)],
        ),
        (
            Act("shield_request", ShieldRequestStatus.DECLINED, CP_ID, request("shield")),
            DecisionDraft("shield", "declined", NOTE),
            [DecisionDraft("contact", "declined", NOTE), CLOSING],
        ),
        (
            Act("shield", ShieldEvent.PROPOSE_LIFT, CP_ID, shield(), review=True),
            ShieldStepDraft(ShieldEvent.PROPOSE_LIFT, note=NOTE, review=True),
            [ShieldStepDraft(ShieldEvent.PROPOSE_LIFT), ShieldStepDraft(ShieldEvent.CONFIRM)],
        ),
        (
            Act("shield", ShieldEvent.CONFIRM, None, None),  # a shield with no child: never
            None,
            [ShieldStepDraft(ShieldEvent.CONFIRM)],
        ),
    ],
)
def test_only_the_draft_for_the_very_action_asked_is_sent(
    act: Act, fits: object, misfits: list[object]
) -> None:
    m = ActionMachine()
    m.handle(act)
    for draft in misfits:
        assert not m.handle(Submitted(d(m), draft)).accepted  # type: ignore[arg-type]
    if fits is not None:
        assert m.handle(Submitted(d(m), fits)).effects == (E.SEND,)  # type: ignore[arg-type]


def test_which_actions_show_the_shield_reasons_first() -> None:
    assert needs_reasons(PLACE)
    assert needs_reasons(Act("shield_request", ShieldRequestStatus.GRANTED, CP_ID, request()))
    assert not needs_reasons(Act("shield_request", ShieldRequestStatus.DECLINED, CP_ID, None))
    assert not needs_reasons(Act("shield", ShieldEvent.CONFIRM, CP_ID, None))
    assert not needs_reasons(CLOSE)


def test_only_the_directorys_422_is_corrected_in_the_dialog() -> None:
    assert correctable(REFUSALS["422"]) and correctable(REFUSALS["422 body"])
    for name in ("403", "404", "409", "unreachable"):
        assert not correctable(REFUSALS[name])


def test_a_second_action_waits_for_the_first() -> None:
    m = machine_in("ASKING")
    assert not m.handle(PLACE).accepted
    assert m.request is not None and m.request.action is AlertStatus.CLOSED


# --- invariants, over random sequences --------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(EVENTS)), max_size=30))
def test_invariants_over_random_sequences(names: list[str]) -> None:
    m = ActionMachine()
    in_flight = 0  # questions to the directory asked and not answered or dropped
    dialog_open = False
    for name in names:
        event = EVENTS[name](m)
        transition = m.handle(event)
        if transition.accepted and isinstance(event, ReasonsLoaded | ReasonsUnavailable):
            in_flight -= 1
        if transition.accepted and isinstance(event, Done | Refused):
            in_flight -= 1
        for effect in transition.effects:
            if effect in (E.FETCH_REASONS, E.SEND):
                assert in_flight == 0, "one question at a time"
                in_flight += 1
            elif effect is E.CANCEL_REQUEST:
                in_flight -= 1
            elif effect is E.ASK:
                assert not dialog_open, "one dialog at a time"
                dialog_open = True
            elif effect is E.CLOSE_DIALOG:
                assert dialog_open
                dialog_open = False
            elif effect in (E.SHOW_DIALOG_PROBLEM, E.SEND):
                assert dialog_open
        assert in_flight in (0, 1)
        if isinstance(event, Stopped):
            assert m.state is ActionState.IDLE and not dialog_open and in_flight == 0
        assert (m.state is ActionState.IDLE) == (m.ticket is None and m.dialog_ticket is None)
        assert dialog_open == (m.state in (ActionState.ASKING, ActionState.SENDING))
