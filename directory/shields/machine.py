"""The shield lifecycle as a pure state machine (DESIGN.md 3.6.1, issue 11).

`step(shield, event, actor, authority, today)` returns the shield after the event, or raises
the refusal; it does no I/O and reads no clock, so the store, the API and the client all
follow the one table below and a test can walk it exhaustively.

    phase              event          sender                                   next
    unshielded         place          shield officer of the child's authority  unconfirmed
    unshielded         grant          shield officer or management team        unconfirmed
    unconfirmed        confirm        another shield officer (not the placer)  confirmed
    unconfirmed        propose_lift   shield officer or management team        lift_pending_unc.
    confirmed          propose_lift   shield officer or management team        lift_pending
    lift_pending_unc.  confirm        another shield officer (not the placer)  lift_pending
    lift_pending*      confirm_lift   management team, not the proposer        unshielded
    lift_pending_unc.  renew          shield officer or management team        unconfirmed
    lift_pending       renew          shield officer or management team        confirmed
    unconfirmed,       renew          shield officer or management team        (same)
      confirmed

    (lift_pending_unc. is lift_pending_unconfirmed: a lift proposed before confirmation.)

`grant` is placing on a practitioner's shield request (directory.worklists): the team may
turn a request into a shield as well as the officers, and a shield officer other than the
one who granted it still confirms it. Every other (phase, event) is a Conflict (409), as is
the placer confirming their own shield. The shield holds in every phase but `unshielded`:
placing protects at once (a family fleeing violence cannot wait) and only the management
team's confirmation of a lift someone else proposed ends it. Renewing sets the next review
six months on; renewing a shield whose lift is pending withdraws the proposal (the safe
direction: the shield stays).

Refusals are checked in the order the API must answer them, so that nothing is learnt
about another authority's children: a caller with neither role is NotAllowed (403) whatever
the child; a shield officer or team of another authority is NotFound (404), exactly as for an
unknown child; then the role for this event (403); then the phase (409).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from directory.errors import Conflict, NotAllowed, NotFound
from directory.viewer import Role, Viewer

REVIEW_MONTHS = 6
DUE_WITHIN_DAYS = 30
NOT_FOUND = "No record with that ContactPoint ID is available to you."


class Phase(StrEnum):
    UNSHIELDED = "unshielded"
    UNCONFIRMED = "unconfirmed"
    CONFIRMED = "confirmed"
    LIFT_PENDING_UNCONFIRMED = "lift_pending_unconfirmed"
    LIFT_PENDING = "lift_pending"


class Event(StrEnum):
    PLACE = "place"
    GRANT = "grant"  # place, on a shield request
    CONFIRM = "confirm"
    PROPOSE_LIFT = "propose_lift"
    CONFIRM_LIFT = "confirm_lift"
    RENEW = "renew"


OFFICER = frozenset({Role.SHIELD_OFFICER})
TEAM = frozenset({Role.MANAGEMENT})
# Who may send each event (always of the child's responsible authority).
SENDERS: dict[Event, frozenset[Role]] = {
    Event.PLACE: OFFICER,
    Event.GRANT: OFFICER | TEAM,
    Event.CONFIRM: OFFICER,
    Event.PROPOSE_LIFT: OFFICER | TEAM,
    Event.CONFIRM_LIFT: TEAM,
    Event.RENEW: OFFICER | TEAM,
}
TRANSITIONS: dict[tuple[Phase, Event], Phase] = {
    (Phase.UNSHIELDED, Event.PLACE): Phase.UNCONFIRMED,
    (Phase.UNSHIELDED, Event.GRANT): Phase.UNCONFIRMED,
    (Phase.UNCONFIRMED, Event.CONFIRM): Phase.CONFIRMED,
    (Phase.UNCONFIRMED, Event.PROPOSE_LIFT): Phase.LIFT_PENDING_UNCONFIRMED,
    (Phase.UNCONFIRMED, Event.RENEW): Phase.UNCONFIRMED,
    (Phase.CONFIRMED, Event.PROPOSE_LIFT): Phase.LIFT_PENDING,
    (Phase.CONFIRMED, Event.RENEW): Phase.CONFIRMED,
    (Phase.LIFT_PENDING_UNCONFIRMED, Event.CONFIRM): Phase.LIFT_PENDING,
    (Phase.LIFT_PENDING_UNCONFIRMED, Event.CONFIRM_LIFT): Phase.UNSHIELDED,
    (Phase.LIFT_PENDING_UNCONFIRMED, Event.RENEW): Phase.UNCONFIRMED,
    (Phase.LIFT_PENDING, Event.CONFIRM_LIFT): Phase.UNSHIELDED,
    (Phase.LIFT_PENDING, Event.RENEW): Phase.CONFIRMED,
}
_WHY_NOT = {
    Event.PLACE: "This record is already shielded.",
    Event.GRANT: "This record is already shielded.",
    Event.CONFIRM: "There is no unconfirmed shield on this record to confirm.",
    Event.PROPOSE_LIFT: "There is no shield on this record whose lift could be proposed.",
    Event.CONFIRM_LIFT: "No lift of this record's shield has been proposed.",
    Event.RENEW: "This record is not shielded.",
}


@dataclass(frozen=True, slots=True)
class ShieldState:
    """A child's shield as the lifecycle sees it; None fields mean "not (yet)"."""

    reason: str | None = None
    placed_by: str | None = None
    placed_on: dt.date | None = None
    review_date: dt.date | None = None
    confirmed_by: str | None = None
    confirmed_on: dt.date | None = None
    lift_proposed_by: str | None = None
    lift_proposed_on: dt.date | None = None

    @property
    def phase(self) -> Phase:
        if self.placed_on is None:
            return Phase.UNSHIELDED
        confirmed = self.confirmed_by is not None
        if self.lift_proposed_by is not None:
            return Phase.LIFT_PENDING if confirmed else Phase.LIFT_PENDING_UNCONFIRMED
        return Phase.CONFIRMED if confirmed else Phase.UNCONFIRMED

    @property
    def holds(self) -> bool:
        return self.phase is not Phase.UNSHIELDED


UNSHIELDED = ShieldState()


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 August + 6 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def admit(actor: Viewer, event: Event, authority: str) -> None:
    """Raise unless `actor` may send `event` about a child of `authority` (see the docstring)."""
    if not actor.roles & (OFFICER | TEAM) or actor.local_authority is None:
        raise NotAllowed("Only shield officers and the management team work with shields.")
    if actor.local_authority != authority:
        raise NotFound(NOT_FOUND)
    if not actor.roles & SENDERS[event]:
        raise NotAllowed(f"Your role does not include this step ({event.value}).")


def step(
    shield: ShieldState,
    event: Event,
    actor: Viewer,
    authority: str,
    today: dt.date,
    reason: str | None = None,
) -> ShieldState:
    """The shield after `actor` sends `event` today; `reason` is the placing's reason code."""
    admit(actor, event, authority)
    following = TRANSITIONS.get((shield.phase, event))
    if following is None:
        raise Conflict(_WHY_NOT[event])
    who = actor.user_id
    if event in (Event.PLACE, Event.GRANT):
        if reason is None:
            raise ValueError("placing a shield needs its reason code")
        return ShieldState(
            reason=reason,
            placed_by=who,
            placed_on=today,
            review_date=months_after(today, REVIEW_MONTHS),
        )
    if event is Event.CONFIRM:
        if who == shield.placed_by:
            raise Conflict("A second, different shield officer must confirm this shield.")
        return replace(shield, confirmed_by=who, confirmed_on=today)
    if event is Event.PROPOSE_LIFT:
        return replace(shield, lift_proposed_by=who, lift_proposed_on=today)
    if event is Event.CONFIRM_LIFT:
        if who == shield.lift_proposed_by:
            raise Conflict("Someone other than the person who proposed the lift must confirm it.")
        return UNSHIELDED
    return replace(
        shield,
        review_date=months_after(today, REVIEW_MONTHS),
        lift_proposed_by=None,
        lift_proposed_on=None,
    )


class Due(StrEnum):
    """Why a shield is on the reviews list."""

    UNCONFIRMED = "unconfirmed"
    LIFT_PENDING = "lift_pending"
    DUE = "due"  # the review falls within DUE_WITHIN_DAYS
    OVERDUE = "overdue"


def due(shield: ShieldState, today: dt.date) -> tuple[Due, ...]:
    """Every reason this shield needs the team's attention today; () if none."""
    if not shield.holds or shield.review_date is None:
        return ()
    reasons = []
    if shield.confirmed_by is None:
        reasons.append(Due.UNCONFIRMED)
    if shield.lift_proposed_by is not None:
        reasons.append(Due.LIFT_PENDING)
    if shield.review_date < today:
        reasons.append(Due.OVERDUE)
    elif shield.review_date <= today + dt.timedelta(days=DUE_WITHIN_DAYS):
        reasons.append(Due.DUE)
    return tuple(reasons)
