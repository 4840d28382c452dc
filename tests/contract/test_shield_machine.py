"""contract.shield_machine: what the client offers each person in each phase (an expected
table), and hypothesis tying it to the directory: for any reachable shield and any person
of the child's authority, directory.shields.machine.step accepts exactly the offered events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.codes import ShieldEvent, ShieldPhase
from contract.shield_machine import TRANSITIONS, next_phase, offered, phase_of
from directory import Role, Viewer
from directory.errors import DirectoryError
from directory.shields.machine import UNSHIELDED, ShieldState, step

E = ShieldEvent
OFFICER, TEAM = frozenset({"shield_officer"}), frozenset({"management"})
# (roles, placed_by_me, proposed_by_me) of each kind of person of the child's authority.
PEOPLE = {
    "officer placer": (OFFICER, True, False),
    "other officer": (OFFICER, False, False),
    "team": (TEAM, False, False),
    "team proposer": (TEAM, False, True),
    "practitioner": (frozenset({"practitioner", "override"}), False, False),
}
WORKS = (E.PROPOSE_LIFT, E.RENEW)
# fmt: off
EXPECTED: dict[ShieldPhase, dict[str, tuple[ShieldEvent, ...]]] = {
    ShieldPhase.UNSHIELDED: {
        "officer placer": (E.PLACE, E.GRANT),
        "other officer": (E.PLACE, E.GRANT),
        "team": (E.GRANT,),
        "team proposer": (E.GRANT,),
        "practitioner": (),
    },
    ShieldPhase.UNCONFIRMED: {
        "officer placer": WORKS,
        "other officer": (E.CONFIRM, *WORKS),
        "team": WORKS,
        "team proposer": WORKS,
        "practitioner": (),
    },
    ShieldPhase.CONFIRMED: {
        "officer placer": WORKS,
        "other officer": WORKS,
        "team": WORKS,
        "team proposer": WORKS,
        "practitioner": (),
    },
    ShieldPhase.LIFT_PENDING_UNCONFIRMED: {
        "officer placer": (E.RENEW,),
        "other officer": (E.CONFIRM, E.RENEW),
        "team": (E.CONFIRM_LIFT, E.RENEW),
        "team proposer": (E.RENEW,),
        "practitioner": (),
    },
    ShieldPhase.LIFT_PENDING: {
        "officer placer": (E.RENEW,),
        "other officer": (E.RENEW,),
        "team": (E.CONFIRM_LIFT, E.RENEW),
        "team proposer": (E.RENEW,),
        "practitioner": (),
    },
}
# fmt: on


def test_the_table_covers_every_phase_and_person() -> None:
    assert set(EXPECTED) == set(ShieldPhase)
    assert all(set(row) == set(PEOPLE) for row in EXPECTED.values())


@pytest.mark.parametrize("phase", list(ShieldPhase))
@pytest.mark.parametrize("person", list(PEOPLE))
def test_each_person_is_offered_what_the_table_says(phase: ShieldPhase, person: str) -> None:
    roles, placed_by_me, proposed_by_me = PEOPLE[person]
    got = offered(phase, roles, placed_by_me=placed_by_me, proposed_by_me=proposed_by_me)
    assert got == EXPECTED[phase][person]


def test_next_phase_is_the_transition_table() -> None:
    for phase in ShieldPhase:
        for event in ShieldEvent:
            assert next_phase(phase, event) == TRANSITIONS.get((phase, event))
    # Only the team's confirmation of a lift ends a shield.
    ends = {key for key, after in TRANSITIONS.items() if after is ShieldPhase.UNSHIELDED}
    assert {event for _, event in ends} == {E.CONFIRM_LIFT}


def test_phase_of_names_every_combination() -> None:
    phases = {
        phase_of(placed=p, confirmed=c, lift_proposed=lifting)
        for p in (False, True)
        for c in (False, True)
        for lifting in (False, True)
    }
    assert phases == set(ShieldPhase)


# --- the client's offer against the directory's machine ------------------------------------

LA = "E08000035"
DAY = dt.date(2026, 6, 15)


def person(name: str, *roles: Role) -> Viewer:
    return Viewer(f"user:{name}", frozenset(roles), local_authority=LA)


WORKERS = (
    person("officer-1", Role.SHIELD_OFFICER),
    person("officer-2", Role.SHIELD_OFFICER),
    person("team-1", Role.MANAGEMENT),
    person("team-2", Role.MANAGEMENT),
    person("both", Role.SHIELD_OFFICER, Role.MANAGEMENT),
)
ANYONE = (
    *WORKERS,
    person("practitioner", Role.PRACTITIONER, Role.OVERRIDE),
    person("helpdesk", Role.HELPDESK),
)


def attempt(shield: ShieldState, event: ShieldEvent, actor: Viewer) -> ShieldState | None:
    """The shield after the step, or None if the directory refused it."""
    try:
        return step(shield, event, actor, LA, DAY, reason="domestic_violence")
    except DirectoryError:
        return None


@st.composite
def shields(draw: st.DrawFn) -> ShieldState:
    """A shield reached by random steps of the authority's people (refused steps skipped)."""
    shield = UNSHIELDED
    for event, actor in draw(
        st.lists(st.tuples(st.sampled_from(list(ShieldEvent)), st.sampled_from(WORKERS)))
    ):
        shield = attempt(shield, event, actor) or shield
    return shield


@settings(max_examples=400, deadline=None)
@given(shield=shields(), viewer=st.sampled_from(ANYONE))
def test_the_directory_accepts_exactly_what_is_offered(shield: ShieldState, viewer: Viewer) -> None:
    offer = offered(
        shield.phase,
        viewer.roles,
        placed_by_me=viewer.user_id == shield.placed_by,
        proposed_by_me=viewer.user_id == shield.lift_proposed_by,
    )
    for event in ShieldEvent:
        after = attempt(shield, event, viewer)
        assert (after is not None) == (event in offer), (shield.phase, event, viewer.user_id)
        if after is not None:
            assert after.phase is next_phase(shield.phase, event)
