"""The session state machine, headless: every event in every state, scenarios, invariants.

The expected table below is written out by hand, row by row, so that it can be read
against the table in `desktop.session.machine`'s docstring rather than derived from it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.session import (
    AuthenticationFailed,
    AuthenticationSucceeded,
    DirectorySessionExpired,
    Effect,
    Event,
    IdleTimeout,
    OsLocked,
    PinSubmitted,
    SessionMachine,
    SignOut,
    State,
    TokenInserted,
    TokenRemoved,
    Transition,
    Unlocked,
)

A, B = "card-A", "card-B"
ANN = "ann.practitioner"

# Each situation is a row of the docstring's table, reached from a fresh machine.
SETUPS: dict[str, tuple[Event, ...]] = {
    "NO_TOKEN": (),
    "TOKEN_PRESENT": (TokenInserted(A),),
    "AUTHENTICATING": (TokenInserted(A), PinSubmitted()),
    "ACTIVE": (TokenInserted(A), PinSubmitted(), AuthenticationSucceeded(ANN, A)),
    "LOCKED (out)": (
        TokenInserted(A),
        PinSubmitted(),
        AuthenticationSucceeded(ANN, A),
        TokenRemoved(),
    ),
    "LOCKED (in)": (
        TokenInserted(A),
        PinSubmitted(),
        AuthenticationSucceeded(ANN, A),
        IdleTimeout(),
    ),
    "LOCKED (verifying)": (
        TokenInserted(A),
        PinSubmitted(),
        AuthenticationSucceeded(ANN, A),
        IdleTimeout(),
        PinSubmitted(),
    ),
    "SIGNED_OUT (out)": (
        TokenInserted(A),
        PinSubmitted(),
        AuthenticationSucceeded(ANN, A),
        TokenRemoved(),
        SignOut(),
    ),
    "SIGNED_OUT (in)": (
        TokenInserted(A),
        PinSubmitted(),
        AuthenticationSucceeded(ANN, A),
        SignOut(),
    ),
}

EVENTS: dict[str, Event] = {
    "TokenInserted(A)": TokenInserted(A),
    "TokenInserted(B)": TokenInserted(B),
    "TokenRemoved": TokenRemoved(),
    "PinSubmitted": PinSubmitted(),
    "AuthenticationSucceeded(A)": AuthenticationSucceeded(ANN, A),
    "AuthenticationSucceeded(B)": AuthenticationSucceeded("bob.other", B),
    "AuthenticationFailed": AuthenticationFailed("wrong PIN"),
    "IdleTimeout": IdleTimeout(),
    "OsLocked": OsLocked(),
    "DirectorySessionExpired": DirectorySessionExpired(),
    "SignOut": SignOut(),
    "Unlocked": Unlocked(),
}

E = Effect
TEARDOWN = (E.HIDE_ALL_WINDOWS, E.CLEAR_RECORD_VIEWS, E.WIPE_CACHE_KEY)
SIGN_OUT = (*TEARDOWN, E.END_DIRECTORY_SESSION)
SWAP = (State.TOKEN_PRESENT, (*SIGN_OUT, E.ASK_FOR_PIN), B)
FAILED = (E.ASK_FOR_PIN,)

# (situation, event) -> (next state, effects, token in the reader afterwards).
# A pair that is absent is ignored: same state, no effects, not accepted.
Expected = tuple[State, tuple[Effect, ...], str | None]
ACCEPTED: dict[tuple[str, str], Expected] = {
    ("NO_TOKEN", "TokenInserted(A)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), A),
    ("NO_TOKEN", "TokenInserted(B)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), B),
    ("TOKEN_PRESENT", "TokenInserted(B)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), B),
    ("TOKEN_PRESENT", "TokenRemoved"): (State.NO_TOKEN, (E.ASK_FOR_TOKEN,), None),
    ("TOKEN_PRESENT", "PinSubmitted"): (State.AUTHENTICATING, (E.AUTHENTICATE,), A),
    ("AUTHENTICATING", "TokenInserted(B)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), B),
    ("AUTHENTICATING", "TokenRemoved"): (State.NO_TOKEN, (E.ASK_FOR_TOKEN,), None),
    ("AUTHENTICATING", "AuthenticationSucceeded(A)"): (State.ACTIVE, (E.SHOW_MAIN_WINDOW,), A),
    ("AUTHENTICATING", "AuthenticationFailed"): (State.TOKEN_PRESENT, FAILED, A),
    ("ACTIVE", "TokenInserted(B)"): SWAP,
    ("ACTIVE", "TokenRemoved"): (State.LOCKED, (*TEARDOWN, E.ASK_FOR_TOKEN), None),
    ("ACTIVE", "IdleTimeout"): (State.LOCKED, (*TEARDOWN, E.ASK_FOR_PIN), A),
    ("ACTIVE", "OsLocked"): (State.LOCKED, (*TEARDOWN, E.ASK_FOR_PIN), A),
    ("ACTIVE", "DirectorySessionExpired"): (State.SIGNED_OUT, (*SIGN_OUT, E.ASK_FOR_PIN), A),
    ("ACTIVE", "SignOut"): (State.SIGNED_OUT, (*SIGN_OUT, E.ASK_FOR_PIN), A),
    ("LOCKED (out)", "TokenInserted(A)"): (State.LOCKED, (E.ASK_FOR_PIN,), A),
    ("LOCKED (out)", "TokenInserted(B)"): SWAP,
    ("LOCKED (out)", "DirectorySessionExpired"): (
        State.SIGNED_OUT,
        (*SIGN_OUT, E.ASK_FOR_TOKEN),
        None,
    ),
    ("LOCKED (out)", "SignOut"): (State.SIGNED_OUT, (*SIGN_OUT, E.ASK_FOR_TOKEN), None),
    ("LOCKED (in)", "TokenInserted(B)"): SWAP,
    ("LOCKED (in)", "TokenRemoved"): (State.LOCKED, (E.ASK_FOR_TOKEN,), None),
    ("LOCKED (in)", "PinSubmitted"): (State.LOCKED, (E.VERIFY_PIN,), A),
    ("LOCKED (in)", "DirectorySessionExpired"): (State.SIGNED_OUT, (*SIGN_OUT, E.ASK_FOR_PIN), A),
    ("LOCKED (in)", "SignOut"): (State.SIGNED_OUT, (*SIGN_OUT, E.ASK_FOR_PIN), A),
    ("LOCKED (verifying)", "TokenInserted(B)"): SWAP,
    ("LOCKED (verifying)", "TokenRemoved"): (State.LOCKED, (E.ASK_FOR_TOKEN,), None),
    ("LOCKED (verifying)", "AuthenticationFailed"): (State.LOCKED, FAILED, A),
    ("LOCKED (verifying)", "DirectorySessionExpired"): (
        State.SIGNED_OUT,
        (*SIGN_OUT, E.ASK_FOR_PIN),
        A,
    ),
    ("LOCKED (verifying)", "SignOut"): (State.SIGNED_OUT, (*SIGN_OUT, E.ASK_FOR_PIN), A),
    ("LOCKED (verifying)", "Unlocked"): (State.ACTIVE, (E.SHOW_MAIN_WINDOW,), A),
    ("SIGNED_OUT (out)", "TokenInserted(A)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), A),
    ("SIGNED_OUT (out)", "TokenInserted(B)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), B),
    ("SIGNED_OUT (in)", "TokenInserted(B)"): (State.TOKEN_PRESENT, (E.ASK_FOR_PIN,), B),
    ("SIGNED_OUT (in)", "TokenRemoved"): (State.NO_TOKEN, (E.ASK_FOR_TOKEN,), None),
    ("SIGNED_OUT (in)", "PinSubmitted"): (State.AUTHENTICATING, (E.AUTHENTICATE,), A),
}


def machine_in(situation: str) -> SessionMachine:
    machine = SessionMachine()
    for event in SETUPS[situation]:
        assert machine.handle(event).accepted, (situation, event)
    return machine


def test_the_setups_reach_their_situations() -> None:
    for situation in SETUPS:
        machine = machine_in(situation)
        assert machine.state.name == situation.split(" ")[0]
        assert (machine.token_id is not None) == (
            "out" not in situation and situation != "NO_TOKEN"
        )
        assert machine.verifying == (situation == "LOCKED (verifying)")


def test_the_expected_table_names_only_known_situations_and_events() -> None:
    assert {s for s, _ in ACCEPTED} <= set(SETUPS)
    assert {e for _, e in ACCEPTED} <= set(EVENTS)


@pytest.mark.parametrize("event_name", list(EVENTS))
@pytest.mark.parametrize("situation", list(SETUPS))
def test_every_event_in_every_state(situation: str, event_name: str) -> None:
    machine = machine_in(situation)
    before, token_before = machine.state, machine.token_id
    transition = machine.handle(EVENTS[event_name])

    expected = ACCEPTED.get((situation, event_name))
    if expected is None:
        assert not transition.accepted
        assert transition.state is before is machine.state
        assert transition.effects == ()
        assert machine.token_id == token_before
        return
    state, effects, token = expected
    assert transition.accepted
    assert (transition.previous, transition.state, machine.state) == (before, state, state)
    assert transition.effects == effects
    assert machine.token_id == token
    assert (transition.via is State.SIGNED_OUT) == (expected is SWAP)
    assert (transition.failure == "wrong PIN") == (event_name == "AuthenticationFailed")
    signed_in = state in (State.ACTIVE, State.LOCKED) and expected is not SWAP
    assert machine.user == (ANN if signed_in else None)


# -- scenarios ---------------------------------------------------------------------------


def run(machine: SessionMachine, *events: Event) -> list[Transition]:
    return [machine.handle(event) for event in events]


def login(machine: SessionMachine, token: str = A, user: str = ANN) -> None:
    run(machine, TokenInserted(token), PinSubmitted(), AuthenticationSucceeded(user, token))
    assert machine.state is State.ACTIVE


def test_login_lock_on_idle_unlock() -> None:
    machine = SessionMachine()
    login(machine)
    locked = machine.handle(IdleTimeout())
    assert locked.state is State.LOCKED
    assert locked.effects == (*TEARDOWN, E.ASK_FOR_PIN)
    assert machine.handle(PinSubmitted()).effects == (E.VERIFY_PIN,)
    unlocked = machine.handle(Unlocked())
    assert (unlocked.state, unlocked.effects) == (State.ACTIVE, (E.SHOW_MAIN_WINDOW,))
    assert machine.user == ANN


def test_token_removal_locks_at_once_and_the_same_token_and_pin_resume() -> None:
    machine = SessionMachine()
    login(machine)
    # The lock happens inside the very call that reports the removal: nothing is queued.
    removed = machine.handle(TokenRemoved())
    assert machine.state is State.LOCKED
    assert removed.effects[:3] == TEARDOWN and removed.effects[-1] is E.ASK_FOR_TOKEN
    # Without the token there is nothing to verify a PIN with, and no way to unlock.
    assert not machine.handle(PinSubmitted()).accepted
    assert not machine.handle(Unlocked()).accepted
    back = machine.handle(TokenInserted(A))
    assert (back.state, back.effects) == (State.LOCKED, (E.ASK_FOR_PIN,))
    resumed = run(machine, PinSubmitted(), Unlocked())[-1]
    assert resumed.state is State.ACTIVE and machine.user == ANN


def test_a_different_token_signs_the_first_user_out() -> None:
    machine = SessionMachine()
    login(machine)
    run(machine, TokenRemoved())
    seen: list[Transition] = []
    machine.subscribe(seen.append)
    swapped = machine.handle(TokenInserted(B))
    assert swapped.via is State.SIGNED_OUT and swapped.state is State.TOKEN_PRESENT
    assert E.END_DIRECTORY_SESSION in swapped.effects and E.WIPE_CACHE_KEY in swapped.effects
    assert machine.user is None and machine.token_id == B
    assert seen == [swapped]
    # The first user's late success cannot sign anyone in; only the new token's can.
    machine.handle(PinSubmitted())
    assert not machine.handle(AuthenticationSucceeded(ANN, A)).accepted
    assert machine.handle(AuthenticationSucceeded("bob.other", B)).state is State.ACTIVE
    assert machine.user == "bob.other"


def test_directory_session_expiry_needs_a_new_login() -> None:
    machine = SessionMachine()
    login(machine)
    expired = machine.handle(DirectorySessionExpired())
    assert expired.state is State.SIGNED_OUT
    assert expired.effects == (*SIGN_OUT, E.ASK_FOR_PIN)
    assert machine.user is None
    assert not machine.handle(Unlocked()).accepted
    assert not machine.handle(AuthenticationSucceeded(ANN, A)).accepted
    assert machine.handle(PinSubmitted()).state is State.AUTHENTICATING
    assert machine.handle(AuthenticationSucceeded(ANN, A)).state is State.ACTIVE


def test_an_authentication_failure_is_never_retried_automatically() -> None:
    machine = SessionMachine()
    run(machine, TokenInserted(A), PinSubmitted())
    failed = machine.handle(AuthenticationFailed("wrong PIN, 2 tries left"))
    assert failed.state is State.TOKEN_PRESENT
    assert failed.failure == "wrong PIN, 2 tries left"
    assert E.AUTHENTICATE not in failed.effects and E.VERIFY_PIN not in failed.effects
    # Only the user submitting the PIN again starts another attempt.
    assert not machine.handle(AuthenticationSucceeded(ANN, A)).accepted
    assert machine.handle(PinSubmitted()).effects == (E.AUTHENTICATE,)


def test_a_stray_unlock_signal_does_not_open_a_locked_session() -> None:
    machine = SessionMachine()
    login(machine)
    run(machine, OsLocked())
    assert not machine.handle(Unlocked()).accepted
    assert machine.state is State.LOCKED


def test_observers_hear_state_changes_only_and_can_unsubscribe() -> None:
    machine = SessionMachine()
    seen: list[tuple[State, State]] = []
    unsubscribe = machine.subscribe(lambda t: seen.append((t.previous, t.state)))
    run(machine, TokenInserted(A), TokenInserted(A), SignOut(), PinSubmitted())
    assert seen == [
        (State.NO_TOKEN, State.TOKEN_PRESENT),
        (State.TOKEN_PRESENT, State.AUTHENTICATING),
    ]
    unsubscribe()
    unsubscribe()
    machine.handle(TokenRemoved())
    assert len(seen) == 2


def test_a_failing_observer_cannot_stop_the_lock() -> None:
    machine = SessionMachine()
    login(machine)
    calls: list[State] = []

    def broken(_: Transition) -> None:
        raise RuntimeError("observer bug")

    machine.subscribe(broken)
    machine.subscribe(lambda t: calls.append(t.state))
    locked = machine.handle(TokenRemoved())
    assert locked.state is State.LOCKED and locked.effects[:3] == TEARDOWN
    assert [str(e) for e in locked.observer_errors] == ["observer bug"]
    assert calls == [State.LOCKED]


# -- invariants over random event sequences ---------------------------------------------

TOKENS = st.sampled_from([A, B])
USERS = st.sampled_from([ANN, "bob.other"])
EVENT_STRATEGY: st.SearchStrategy[Event] = st.one_of(
    st.builds(TokenInserted, TOKENS),
    st.just(TokenRemoved()),
    st.just(PinSubmitted()),
    st.builds(AuthenticationSucceeded, USERS, TOKENS),
    st.builds(AuthenticationFailed, st.sampled_from(["wrong PIN", "PIN locked"])),
    st.just(IdleTimeout()),
    st.just(OsLocked()),
    st.just(DirectorySessionExpired()),
    st.just(SignOut()),
    st.just(Unlocked()),
)
# Whole logins as one step, so that short random runs reach ACTIVE and LOCKED often.
LOGIN = st.builds(
    lambda token, user: [
        TokenInserted(token),
        PinSubmitted(),
        AuthenticationSucceeded(user, token),
    ],
    TOKENS,
    USERS,
)
SEQUENCES = st.lists(st.one_of(EVENT_STRATEGY.map(lambda e: [e]), LOGIN), max_size=30).map(
    lambda steps: [event for step in steps for event in step]
)


class Reader:
    """An independent model of the card reader and of what the user has proved.

    A token that is reported again is the same insertion; a different one, or a removal,
    starts over. `authenticated` is set only when the machine enters ACTIVE on a success
    for the token in the reader (or an unlock) after a PIN was submitted for it.
    """

    def __init__(self) -> None:
        self.token: str | None = None
        self.pin_submitted = False
        self.authenticated = False

    def before(self, event: Event) -> None:
        if isinstance(event, TokenInserted) and event.token_id != self.token:
            self.token, self.pin_submitted, self.authenticated = event.token_id, False, False
        elif isinstance(event, TokenRemoved):
            self.token, self.pin_submitted, self.authenticated = None, False, False

    def after(self, event: Event, transition: Transition) -> None:
        if isinstance(event, PinSubmitted) and transition.accepted:
            self.pin_submitted = True
        if transition.state is State.LOCKED and transition.previous is State.ACTIVE:
            # Stricter than the brief: leaving a lock also needs a PIN typed since the lock.
            self.pin_submitted = False
        if transition.state is State.ACTIVE and transition.previous is not State.ACTIVE:
            proof = isinstance(event, Unlocked) or (
                isinstance(event, AuthenticationSucceeded) and event.token_id == self.token
            )
            self.authenticated = proof and self.pin_submitted and self.token is not None
        if transition.state is not State.ACTIVE:
            self.authenticated = False


@settings(max_examples=400, deadline=None)
@given(SEQUENCES)
def test_invariants_hold_for_any_sequence_of_events(events: list[Event]) -> None:
    machine = SessionMachine()
    reader = Reader()
    observed: list[Transition] = []
    machine.subscribe(observed.append)
    for event in events:
        reader.before(event)
        heard = len(observed)
        transition = machine.handle(event)  # never raises: any exception fails the test
        reader.after(event, transition)

        if machine.state is State.ACTIVE:
            assert reader.authenticated
            assert machine.token_id == reader.token is not None
            assert machine.user is not None
        if transition.previous is State.ACTIVE and (
            transition.state in (State.LOCKED, State.SIGNED_OUT) or transition.via is not None
        ):
            assert E.CLEAR_RECORD_VIEWS in transition.effects
            assert E.HIDE_ALL_WINDOWS in transition.effects
        if E.AUTHENTICATE in transition.effects or E.VERIFY_PIN in transition.effects:
            assert isinstance(event, PinSubmitted)
        if not transition.accepted:
            assert transition.effects == () and transition.state is transition.previous
        assert machine.token_id == reader.token
        assert observed[heard:] == ([transition] if transition.changed else [])
