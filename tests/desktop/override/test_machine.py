"""The override machine, headless: every event in every state, scenarios, invariants.

The expected table below is written out by hand, row by row, so that it can be read
against the table in `desktop.override.machine`'s docstring rather than derived from it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.login import PinPrompt, TokenChoice
from desktop.override import (
    Cancelled,
    CardRemoved,
    Effect,
    Event,
    JustificationSubmitted,
    OverrideGranted,
    OverrideMachine,
    OverrideRefused,
    PinStateRead,
    PinStateUnreadable,
    ReasonsLoaded,
    ReasonsUnavailable,
    SessionLocked,
    SignedOut,
    Start,
    State,
    Transition,
)
from desktop.problems import Problem, ProblemKind
from desktop.requests import JustificationRule, OverrideReason
from smartcard import PinState

CP_ID = "123456789012"
REASONS = (OverrideReason("missing_child", "The child is missing"),)
RULE = JustificationRule("Write at least 40 characters.", min_characters=40, min_words=6)
CARD = TokenChoice("zz-card/s-1/ab12", "zz-card")


def prompt(*, locked: bool = False) -> PinPrompt:
    state = PinState(
        count_low=False,
        final_try=False,
        locked=locked,
        must_change=False,
        protected_authentication_path=False,
    )
    return PinPrompt(CARD, state, purpose="override")


WRONG_PIN = Problem(ProblemKind.TOKEN, "The PIN was not correct. A wrong PIN was entered.")
REFUSALS = {
    "403": Problem(ProblemKind.REFUSED, "Not allowed.", "c-403", "not_allowed"),
    "404": Problem(ProblemKind.REFUSED, "No such record.", "c-404", "not_found"),
    "409": Problem(ProblemKind.REFUSED, "Not shielded from you.", "c-409", "conflict"),
    "429": Problem(ProblemKind.REFUSED, "Too many views.", "c-429", "rate_limited"),
    "unreachable": Problem(ProblemKind.UNREACHABLE, "The directory cannot be reached."),
    "malformed": Problem(ProblemKind.MALFORMED, "The answer was not understood.", "c-m"),
}
UNAVAILABLE = Problem(ProblemKind.UNREACHABLE, "The directory cannot be reached.")
UNREADABLE = Problem(ProblemKind.TOKEN, "The card could not be used. It did not answer.")

# Answers carry a ticket: `t` is the machine's current one (an answer to the question now
# outstanding); the "late" events answer the question before it.
Make = Callable[[int], Event]
ANSWERS: dict[str, Make] = {
    "ReasonsLoaded": lambda t: ReasonsLoaded(t, REASONS, RULE),
    "ReasonsUnavailable": lambda t: ReasonsUnavailable(t, UNAVAILABLE),
    "PinStateRead": lambda t: PinStateRead(t, prompt()),
    "PinStateUnreadable": lambda t: PinStateUnreadable(t, UNREADABLE),
    "JustificationSubmitted": JustificationSubmitted,
    "Cancelled": Cancelled,
    "OverrideGranted": OverrideGranted,
    "OverrideRefused(card)": lambda t: OverrideRefused(t, WRONG_PIN),
    **{
        f"OverrideRefused({name})": (lambda p: lambda t: OverrideRefused(t, p))(problem)
        for name, problem in REFUSALS.items()
    },
}
EVENTS: dict[str, Make] = {
    "Start": lambda _t: Start(CP_ID),
    **ANSWERS,
    **{f"late {name}": (lambda m: lambda t: m(t - 1))(make) for name, make in ANSWERS.items()},
    "CardRemoved": lambda _t: CardRemoved(),
    "SessionLocked": lambda _t: SessionLocked(),
    "SignedOut": lambda _t: SignedOut(),
}

# Each situation is reached from a fresh machine; "again" is after a wrong PIN.
SETUPS: dict[str, tuple[Make, ...]] = {
    "IDLE": (),
    "LOADING_REASONS": (EVENTS["Start"],),
    "READING_PIN": (EVENTS["Start"], EVENTS["ReasonsLoaded"]),
    "JUSTIFYING": (EVENTS["Start"], EVENTS["ReasonsLoaded"], EVENTS["PinStateRead"]),
    "JUSTIFYING (card locked)": (
        EVENTS["Start"],
        EVENTS["ReasonsLoaded"],
        lambda t: PinStateRead(t, prompt(locked=True)),
    ),
    "REQUESTING": (
        EVENTS["Start"],
        EVENTS["ReasonsLoaded"],
        EVENTS["PinStateRead"],
        EVENTS["JustificationSubmitted"],
    ),
    "READING_PIN (again)": (
        EVENTS["Start"],
        EVENTS["ReasonsLoaded"],
        EVENTS["PinStateRead"],
        EVENTS["JustificationSubmitted"],
        EVENTS["OverrideRefused(card)"],
    ),
    "JUSTIFYING (again)": (
        EVENTS["Start"],
        EVENTS["ReasonsLoaded"],
        EVENTS["PinStateRead"],
        EVENTS["JustificationSubmitted"],
        EVENTS["OverrideRefused(card)"],
        EVENTS["PinStateRead"],
    ),
    "IDLE (after an override)": (
        EVENTS["Start"],
        EVENTS["ReasonsLoaded"],
        EVENTS["PinStateRead"],
        EVENTS["JustificationSubmitted"],
        EVENTS["OverrideGranted"],
    ),
}

E = Effect
IDLE, LOADING, READING, JUSTIFYING, REQUESTING = (
    State.IDLE,
    State.LOADING_REASONS,
    State.READING_PIN,
    State.JUSTIFYING,
    State.REQUESTING,
)
DROP = (IDLE, (E.CANCEL_REQUEST,))
CLOSE = (IDLE, (E.CLOSE_DIALOG,))
PROBLEM = (IDLE, (E.SHOW_PROBLEM,))
ENDS = ("Cancelled", "CardRemoved", "SessionLocked", "SignedOut")
REFUSED = tuple(f"OverrideRefused({name})" for name in REFUSALS)

# (situation, event) -> (next state, effects). A pair that is absent is ignored: same
# state, same ticket, no effects, not accepted.
Expected = tuple[State, tuple[Effect, ...]]
ACCEPTED: dict[tuple[str, str], Expected] = {
    ("IDLE", "Start"): (LOADING, (E.FETCH_REASONS,)),
    ("IDLE (after an override)", "Start"): (LOADING, (E.FETCH_REASONS,)),
    ("LOADING_REASONS", "ReasonsLoaded"): (READING, (E.READ_PIN_STATE,)),
    ("LOADING_REASONS", "ReasonsUnavailable"): PROBLEM,
    **{("LOADING_REASONS", end): DROP for end in ENDS},
    ("READING_PIN", "PinStateRead"): (JUSTIFYING, (E.ASK_FOR_JUSTIFICATION,)),
    ("READING_PIN", "PinStateUnreadable"): PROBLEM,
    **{("READING_PIN", end): DROP for end in ENDS},
    ("READING_PIN (again)", "PinStateRead"): (JUSTIFYING, (E.ASK_FOR_JUSTIFICATION,)),
    ("READING_PIN (again)", "PinStateUnreadable"): PROBLEM,
    **{("READING_PIN (again)", end): DROP for end in ENDS},
    ("JUSTIFYING", "JustificationSubmitted"): (REQUESTING, (E.CLOSE_DIALOG, E.SEND_OVERRIDE)),
    **{("JUSTIFYING", end): CLOSE for end in ENDS},
    ("JUSTIFYING (again)", "JustificationSubmitted"): (
        REQUESTING,
        (E.CLOSE_DIALOG, E.SEND_OVERRIDE),
    ),
    **{("JUSTIFYING (again)", end): CLOSE for end in ENDS},
    # The button is disabled; a stray submission is not sent (and the driver wipes it).
    **{("JUSTIFYING (card locked)", end): CLOSE for end in ENDS},
    ("REQUESTING", "OverrideGranted"): (IDLE, (E.SHOW_FULL_VIEW,)),
    ("REQUESTING", "OverrideRefused(card)"): (READING, (E.READ_PIN_STATE,)),
    **{("REQUESTING", refused): PROBLEM for refused in REFUSED},
    **{("REQUESTING", end): DROP for end in ENDS},
}


def run(machine: OverrideMachine, *makes: Make) -> list[Transition]:
    return [machine.handle(make(machine.ticket)) for make in makes]


def machine_in(situation: str) -> OverrideMachine:
    machine = OverrideMachine()
    for transition in run(machine, *SETUPS[situation]):
        assert transition.accepted, (situation, transition.event)
    return machine


def test_the_setups_reach_their_situations() -> None:
    for situation in SETUPS:
        machine = machine_in(situation)
        assert machine.state.name == situation.split(" ")[0]
        assert (machine.cp_id is None) == (machine.state is IDLE)
        assert (machine.prompt is not None) == (machine.state is JUSTIFYING)
        assert (machine.rule is None) == (machine.state in (IDLE, LOADING))


def test_the_expected_table_names_only_known_situations_and_events() -> None:
    assert {s for s, _ in ACCEPTED} <= set(SETUPS)
    assert {e for _, e in ACCEPTED} <= set(EVENTS)


@pytest.mark.parametrize("event_name", list(EVENTS))
@pytest.mark.parametrize("situation", list(SETUPS))
def test_every_event_in_every_state(situation: str, event_name: str) -> None:
    machine = machine_in(situation)
    before, ticket = machine.state, machine.ticket
    event = EVENTS[event_name](ticket)
    transition = machine.handle(event)

    expected = ACCEPTED.get((situation, event_name))
    if expected is None:
        assert not transition.accepted
        assert transition.state is before is machine.state
        assert transition.effects == () and transition.problem is None
        assert machine.ticket == ticket
        return
    state, effects = expected
    assert transition.accepted
    assert (transition.previous, transition.state, machine.state) == (before, state, state)
    assert transition.effects == effects
    assert machine.ticket != ticket  # whatever was asked before is now late
    shown = getattr(event, "problem", None) if E.SHOW_PROBLEM in effects else None
    assert transition.problem == shown
    assert (machine.cp_id == CP_ID) == (state is not IDLE)


# -- scenarios ---------------------------------------------------------------------------


def test_an_override_from_the_button_to_the_full_view() -> None:
    machine = OverrideMachine()
    steps = run(
        machine,
        EVENTS["Start"],
        EVENTS["ReasonsLoaded"],
        EVENTS["PinStateRead"],
        EVENTS["JustificationSubmitted"],
        EVENTS["OverrideGranted"],
    )
    assert [t.state for t in steps] == [LOADING, READING, JUSTIFYING, REQUESTING, IDLE]
    assert [e for t in steps for e in t.effects] == [
        E.FETCH_REASONS,
        E.READ_PIN_STATE,
        E.ASK_FOR_JUSTIFICATION,
        E.CLOSE_DIALOG,
        E.SEND_OVERRIDE,
        E.SHOW_FULL_VIEW,
    ]


def test_a_wrong_pin_asks_again_with_the_failure_and_the_state_read_afresh() -> None:
    machine = machine_in("REQUESTING")
    again = machine.handle(OverrideRefused(machine.ticket, WRONG_PIN))
    # The card is asked for its PIN state again, never for the PIN: the person types it.
    assert again.effects == (E.READ_PIN_STATE,)
    assert machine.handle(PinStateRead(machine.ticket, prompt())).state is JUSTIFYING
    assert machine.prompt is not None and machine.prompt.failure == WRONG_PIN.text
    assert (machine.reasons, machine.rule, machine.cp_id) == (REASONS, RULE, CP_ID)
    machine.handle(JustificationSubmitted(machine.ticket))
    assert machine.prompt is None
    # A later success leaves no failure behind for the next override.
    run(machine, EVENTS["OverrideGranted"], *SETUPS["JUSTIFYING"])
    assert machine.prompt is not None and machine.prompt.failure is None


def test_a_card_locked_by_the_wrong_pin_can_only_be_cancelled() -> None:
    machine = machine_in("READING_PIN (again)")
    machine.handle(PinStateRead(machine.ticket, prompt(locked=True)))
    assert machine.prompt is not None and not machine.prompt.can_submit
    assert not machine.handle(JustificationSubmitted(machine.ticket)).accepted
    assert machine.handle(Cancelled(machine.ticket)).effects == (E.CLOSE_DIALOG,)


def test_a_late_full_view_after_a_lock_is_never_shown() -> None:
    machine = machine_in("REQUESTING")
    sent = machine.ticket
    assert machine.handle(SessionLocked()).effects == (E.CANCEL_REQUEST,)
    # The answer arrives after the lock, and again after a new override has started.
    assert not machine.handle(OverrideGranted(sent)).accepted
    run(machine, *SETUPS["REQUESTING"])
    assert not machine.handle(OverrideGranted(sent)).accepted
    assert machine.handle(OverrideGranted(machine.ticket)).effects == (E.SHOW_FULL_VIEW,)


def test_a_stale_dialog_cannot_submit_into_a_later_override() -> None:
    machine = machine_in("JUSTIFYING")
    first = machine.ticket
    run(machine, EVENTS["Cancelled"], *SETUPS["JUSTIFYING"])
    assert not machine.handle(JustificationSubmitted(first)).accepted
    assert not machine.handle(Cancelled(first)).accepted
    assert machine.state is JUSTIFYING


def test_the_machine_is_pure_python() -> None:
    package = Path(__file__).parents[3] / "desktop" / "override"
    for path in package.glob("*.py"):
        if path.name == "flow.py":
            continue  # the Qt driver
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(name.startswith("PySide6") for name in imported), path.name
        assert "desktop.override.flow" not in imported, path.name


# -- invariants over random event sequences ---------------------------------------------

# (event, how many questions back it answers): mostly the question now outstanding.
OFFSETS = st.sampled_from([0, 0, 0, 1, 2])
PROBLEMS = st.sampled_from([WRONG_PIN, UNAVAILABLE, UNREADABLE, *REFUSALS.values()])
PROMPTS = st.builds(prompt, locked=st.booleans())
Step = tuple[Callable[[int], Event] | None, int]
ANSWER_STEPS: st.SearchStrategy[Callable[[int], Event]] = st.one_of(
    st.just(lambda t: ReasonsLoaded(t, REASONS, RULE)),
    PROBLEMS.map(lambda p: lambda t: ReasonsUnavailable(t, p)),
    PROMPTS.map(lambda p: lambda t: PinStateRead(t, p)),
    PROBLEMS.map(lambda p: lambda t: PinStateUnreadable(t, p)),
    st.just(JustificationSubmitted),
    st.just(Cancelled),
    st.just(OverrideGranted),
    PROBLEMS.map(lambda p: lambda t: OverrideRefused(t, p)),
)
OTHER_STEPS: st.SearchStrategy[Callable[[int], Event]] = st.sampled_from(
    [
        lambda _t: Start(CP_ID),
        lambda _t: CardRemoved(),
        lambda _t: SessionLocked(),
        lambda _t: SignedOut(),
    ]
)
# The answer the machine waits for, whatever it is: so that random runs get far.
FORWARD: dict[State, Callable[[int], Event]] = {
    State.IDLE: lambda _t: Start(CP_ID),
    State.LOADING_REASONS: lambda t: ReasonsLoaded(t, REASONS, RULE),
    State.READING_PIN: lambda t: PinStateRead(t, prompt()),
    State.JUSTIFYING: JustificationSubmitted,
    State.REQUESTING: OverrideGranted,
}
STEPS = st.lists(
    st.one_of(
        st.tuples(st.none(), st.just(0)),
        st.tuples(ANSWER_STEPS, OFFSETS),
        st.tuples(OTHER_STEPS, st.just(0)),
    ),
    max_size=40,
)
ENDING = (CardRemoved, SessionLocked, SignedOut, Cancelled)


class Model:
    """What has been asked and not yet answered, kept apart from the machine.

    `outstanding` holds the tickets of questions put to the controller whose answer has
    neither been accepted nor dropped; `request` the ticket of the override request in
    flight, set only by a SEND_OVERRIDE that an accepted submission caused.
    """

    def __init__(self) -> None:
        self.outstanding: set[int] = set()
        self.dialog_open = False
        self.request: int | None = None
        self.submittable = False

    def after(self, machine: OverrideMachine, event: Event, transition: Transition) -> None:
        if not transition.accepted:
            return
        answered = getattr(event, "ticket", None)
        self.outstanding.discard(answered)  # type: ignore[arg-type]
        self.request = None if answered == self.request else self.request
        for effect in transition.effects:
            if effect in (E.FETCH_REASONS, E.READ_PIN_STATE, E.SEND_OVERRIDE):
                self.outstanding.add(machine.ticket)
            if effect is E.SEND_OVERRIDE:
                self.request = machine.ticket
            if effect is E.CANCEL_REQUEST:
                self.outstanding.clear()
                self.request = None
            if effect is E.ASK_FOR_JUSTIFICATION:
                self.dialog_open = True
                self.submittable = machine.prompt is not None and machine.prompt.can_submit
            if effect is E.CLOSE_DIALOG:
                self.dialog_open = False


@settings(max_examples=500, deadline=None)
@given(STEPS)
def test_invariants_hold_for_any_sequence_of_events(steps: list[Step]) -> None:
    machine = OverrideMachine()
    model = Model()
    for make, offset in steps:
        ticket = machine.ticket
        request, submittable = model.request, model.submittable
        event = (make or FORWARD[machine.state])(ticket - offset)
        transition = machine.handle(event)  # never raises: any exception fails the test
        model.after(machine, event, transition)

        if not transition.accepted:
            assert transition.effects == () and transition.state is transition.previous
            assert machine.ticket == ticket
        else:
            assert machine.ticket == ticket + 1
        # The full view only for the answer to the request in flight, sent after a
        # justification was submitted; never after a cancel, lock, sign-out or pulled card.
        if E.SHOW_FULL_VIEW in transition.effects:
            assert isinstance(event, OverrideGranted)
            assert request is not None and event.ticket == request
            assert transition.previous is REQUESTING
        if E.SEND_OVERRIDE in transition.effects:
            assert isinstance(event, JustificationSubmitted) and submittable
        if isinstance(event, ENDING) and transition.accepted:
            assert machine.state is IDLE and not model.outstanding and not model.dialog_open
        # At most one question outstanding, and exactly one while the machine waits.
        waiting = machine.state in (LOADING, READING, REQUESTING)
        assert len(model.outstanding) == (1 if waiting else 0)
        assert model.dialog_open == (machine.state is JUSTIFYING)
        assert (model.request is not None) == (machine.state is REQUESTING)
        assert (transition.problem is not None) == (E.SHOW_PROBLEM in transition.effects)
        assert (machine.cp_id is None) == (machine.state is IDLE)
