"""The shield lifecycle machine (directory.shields.machine): a hand-written table, then
hypothesis walking random event sequences by random actors against the invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.codes import ShieldDue as Due
from contract.codes import ShieldEvent as Event
from contract.codes import ShieldPhase as Phase
from directory import Role, Viewer
from directory.errors import Conflict, DirectoryError, NotAllowed, NotFound
from directory.shields.machine import UNSHIELDED, ShieldState, due, months_after, step

LA, OTHER_LA = "E08000035", "E06000023"
DAY = dt.date(2026, 6, 15)
OFFICER_1 = Viewer("user:officer-1", frozenset({Role.SHIELD_OFFICER}), local_authority=LA)
OFFICER_2 = Viewer("user:officer-2", frozenset({Role.SHIELD_OFFICER}), local_authority=LA)
TEAM = Viewer("user:team", frozenset({Role.MANAGEMENT}), local_authority=LA)
TEAM_2 = Viewer("user:team-2", frozenset({Role.MANAGEMENT}), local_authority=LA)
OTHER_OFFICER = Viewer("user:officer-x", frozenset({Role.SHIELD_OFFICER}), local_authority=OTHER_LA)
OTHER_TEAM = Viewer("user:team-x", frozenset({Role.MANAGEMENT}), local_authority=OTHER_LA)
PRACTITIONER = Viewer("user:p", frozenset({Role.PRACTITIONER, Role.OVERRIDE}), organisation_id=3)
HELPDESK = Viewer("user:h", frozenset({Role.HELPDESK}))
ACTORS = (OFFICER_1, OFFICER_2, TEAM, TEAM_2, OTHER_OFFICER, OTHER_TEAM, PRACTITIONER, HELPDESK)


def placed(by: Viewer = OFFICER_1) -> ShieldState:
    return step(UNSHIELDED, Event.PLACE, by, LA, DAY, reason="domestic_violence")


def in_phase(phase: Phase) -> ShieldState:
    """A shield placed by OFFICER_1, confirmed by OFFICER_2, lift proposed by OFFICER_1."""
    shield = UNSHIELDED if phase is Phase.UNSHIELDED else placed()
    if phase in (Phase.CONFIRMED, Phase.LIFT_PENDING):
        shield = step(shield, Event.CONFIRM, OFFICER_2, LA, DAY)
    if phase in (Phase.LIFT_PENDING_UNCONFIRMED, Phase.LIFT_PENDING):
        shield = step(shield, Event.PROPOSE_LIFT, OFFICER_1, LA, DAY)
    assert shield.phase is phase
    return shield


U, C = Phase.UNCONFIRMED, Phase.CONFIRMED
LPU, LP, NONE = Phase.LIFT_PENDING_UNCONFIRMED, Phase.LIFT_PENDING, Phase.UNSHIELDED
# fmt: off
# What each actor's event does in each phase: the next phase, or the status of the refusal.
EXPECTED: dict[tuple[Phase, Event, str], Phase | int] = {}
ROWS = {
    #                        officer-1  officer-2  team   team-2  other-off other-team  prac  help
    (NONE, Event.PLACE):        (U,      U,        403,   403,    404,      404,        403,  403),
    (NONE, Event.GRANT):        (U,      U,        U,     U,      404,      404,        403,  403),
    (NONE, Event.CONFIRM):      (409,    409,      403,   403,    404,      404,        403,  403),
    (NONE, Event.PROPOSE_LIFT): (409,    409,      409,   409,    404,      404,        403,  403),
    (NONE, Event.CONFIRM_LIFT): (403,    403,      409,   409,    404,      404,        403,  403),
    (NONE, Event.RENEW):        (409,    409,      409,   409,    404,      404,        403,  403),
    (U, Event.PLACE):           (409,    409,      403,   403,    404,      404,        403,  403),
    (U, Event.GRANT):           (409,    409,      409,   409,    404,      404,        403,  403),
    (U, Event.CONFIRM):         (409,    C,        403,   403,    404,      404,        403,  403),
    (U, Event.PROPOSE_LIFT):    (LPU,    LPU,      LPU,   LPU,    404,      404,        403,  403),
    (U, Event.CONFIRM_LIFT):    (403,    403,      409,   409,    404,      404,        403,  403),
    (U, Event.RENEW):           (U,      U,        U,     U,      404,      404,        403,  403),
    (C, Event.PLACE):           (409,    409,      403,   403,    404,      404,        403,  403),
    (C, Event.GRANT):           (409,    409,      409,   409,    404,      404,        403,  403),
    (C, Event.CONFIRM):         (409,    409,      403,   403,    404,      404,        403,  403),
    (C, Event.PROPOSE_LIFT):    (LP,     LP,       LP,    LP,     404,      404,        403,  403),
    (C, Event.CONFIRM_LIFT):    (403,    403,      409,   409,    404,      404,        403,  403),
    (C, Event.RENEW):           (C,      C,        C,     C,      404,      404,        403,  403),
    (LPU, Event.PLACE):         (409,    409,      403,   403,    404,      404,        403,  403),
    (LPU, Event.GRANT):         (409,    409,      409,   409,    404,      404,        403,  403),
    (LPU, Event.CONFIRM):       (409,    LP,       403,   403,    404,      404,        403,  403),
    (LPU, Event.PROPOSE_LIFT):  (409,    409,      409,   409,    404,      404,        403,  403),
    (LPU, Event.CONFIRM_LIFT):  (403,    403,      NONE,  NONE,   404,      404,        403,  403),
    (LPU, Event.RENEW):         (U,      U,        U,     U,      404,      404,        403,  403),
    (LP, Event.PLACE):          (409,    409,      403,   403,    404,      404,        403,  403),
    (LP, Event.GRANT):          (409,    409,      409,   409,    404,      404,        403,  403),
    (LP, Event.CONFIRM):        (409,    409,      403,   403,    404,      404,        403,  403),
    (LP, Event.PROPOSE_LIFT):   (409,    409,      409,   409,    404,      404,        403,  403),
    (LP, Event.CONFIRM_LIFT):   (403,    403,      NONE,  NONE,   404,      404,        403,  403),
    (LP, Event.RENEW):          (C,      C,        C,     C,      404,      404,        403,  403),
}
# fmt: on
STATUS = {NotAllowed: 403, NotFound: 404, Conflict: 409}


def outcome(shield: ShieldState, event: Event, actor: Viewer) -> Phase | int:
    reason = "witness_protection" if event in (Event.PLACE, Event.GRANT) else None
    try:
        return step(shield, event, actor, LA, DAY, reason=reason).phase
    except DirectoryError as exc:
        return STATUS[type(exc)]


def test_the_table_covers_every_phase_and_event() -> None:
    assert set(ROWS) == {(p, e) for p in Phase for e in Event}


@pytest.mark.parametrize(("phase", "event"), list(ROWS))
def test_each_actor_gets_what_the_table_says(phase: Phase, event: Event) -> None:
    got = tuple(outcome(in_phase(phase), event, actor) for actor in ACTORS)
    assert got == ROWS[phase, event]


def test_a_team_member_cannot_confirm_a_lift_they_proposed() -> None:
    proposed = step(in_phase(C), Event.PROPOSE_LIFT, TEAM, LA, DAY)
    with pytest.raises(Conflict):
        step(proposed, Event.CONFIRM_LIFT, TEAM, LA, DAY)
    assert step(proposed, Event.CONFIRM_LIFT, TEAM_2, LA, DAY) == UNSHIELDED


def test_placing_and_renewing_set_the_review_six_months_on() -> None:
    shield = placed()
    assert (shield.placed_by, shield.placed_on, shield.review_date) == (
        "user:officer-1",
        DAY,
        dt.date(2026, 12, 15),
    )
    later = dt.date(2026, 11, 30)
    assert step(shield, Event.RENEW, TEAM, LA, later).review_date == dt.date(2027, 5, 30)
    assert months_after(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert months_after(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_renewing_a_pending_lift_withdraws_it() -> None:
    renewed = step(in_phase(LP), Event.RENEW, OFFICER_2, LA, DAY)
    assert renewed.phase is C and renewed.lift_proposed_by is None


def test_the_reviews_list_reasons() -> None:
    assert due(UNSHIELDED, DAY) == ()
    shield = in_phase(C)
    assert due(shield, DAY) == ()
    review = shield.review_date
    assert review is not None
    assert due(shield, review - dt.timedelta(days=31)) == ()
    assert due(shield, review - dt.timedelta(days=30)) == (Due.DUE,)
    assert due(shield, review) == (Due.DUE,)
    assert due(shield, review + dt.timedelta(days=1)) == (Due.OVERDUE,)
    assert due(in_phase(U), DAY) == (Due.UNCONFIRMED,)
    assert due(in_phase(LPU), DAY) == (Due.UNCONFIRMED, Due.LIFT_PENDING)
    assert due(in_phase(LP), DAY) == (Due.LIFT_PENDING,)


steps = st.lists(
    st.tuples(st.sampled_from(list(Event)), st.sampled_from(ACTORS), st.integers(0, 400)),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_random_sequences_keep_the_invariants(sequence: list[tuple[Event, Viewer, int]]) -> None:
    shield, today, review_set_on = UNSHIELDED, DAY, DAY
    for event, actor, days_later in sequence:
        today += dt.timedelta(days=days_later)
        before = shield
        try:
            shield = step(before, event, actor, LA, today, reason="risk_of_abduction")
        except Conflict:
            continue
        except NotFound:
            # Another authority's people are answered as for an unknown child.
            assert actor.local_authority == OTHER_LA
            continue
        except NotAllowed:
            continue
        # Only the authority's own people ever change a shield.
        assert actor.local_authority == LA
        if event in (Event.PLACE, Event.GRANT, Event.RENEW):
            review_set_on = today
        if before.holds and not shield.holds:
            # Shielded from the first place until a lift is confirmed by the team, by
            # someone other than its proposer, and only once a lift was proposed.
            assert event is Event.CONFIRM_LIFT and Role.MANAGEMENT in actor.roles
            assert before.lift_proposed_by not in (None, actor.user_id)
        if not before.holds:
            assert not shield.holds or event in (Event.PLACE, Event.GRANT)
        if shield.holds:
            # Placed or renewed + six months, and everything else about it is known.
            assert shield.review_date == months_after(review_set_on, 6)
            assert shield.placed_by is not None and shield.reason is not None
            # Nobody ever confirms a shield they placed.
            assert shield.confirmed_by != shield.placed_by
        if event is Event.CONFIRM:
            assert actor.user_id != before.placed_by and Role.SHIELD_OFFICER in actor.roles


@settings(max_examples=200, deadline=None)
@given(steps)
def test_an_officer_confirming_their_own_shield_is_409(
    sequence: list[tuple[Event, Viewer, int]],
) -> None:
    shield = UNSHIELDED
    for event, actor, _ in sequence:
        try:
            shield = step(shield, event, actor, LA, DAY, reason="other_serious_risk")
        except DirectoryError:
            continue
    if shield.phase in (U, LPU):
        placer = next(a for a in ACTORS if a.user_id == shield.placed_by)
        # A team member who granted a request never confirms (403): confirming is an officer's.
        with pytest.raises(Conflict if Role.SHIELD_OFFICER in placer.roles else NotAllowed):
            step(shield, Event.CONFIRM, placer, LA, DAY)
