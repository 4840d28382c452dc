"""The shield lifecycle, enforced (DESIGN.md 3.6.1, issue 11): contract.shield_machine's
table applied to a shield with the directory's viewer and refusals.

`step(shield, event, actor, authority, today)` returns the shield after the event, or raises
the refusal; it does no I/O and reads no clock. The phases, events, senders and next phases
are contract.shield_machine's (its docstring holds the state table), which the client reads
too, so what the client offers and what the directory accepts cannot drift apart.

Refusals are checked in the order the API must answer them, so that nothing is learnt
about another authority's children: a caller with neither role is NotAllowed (403) whatever
the child; a shield officer or team of another authority is NotFound (404), exactly as for an
unknown child; then the role for this event (403); then the phase (409); then the relation
(the placer confirming, the proposer confirming the lift: 409).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from contract import shield_machine as table
from contract.codes import ShieldDue, ShieldEvent, ShieldPhase
from directory.errors import Conflict, NotAllowed, NotFound
from directory.viewer import Role, Viewer

REVIEW_MONTHS = table.REVIEW_MONTHS
DUE_WITHIN_DAYS = table.DUE_WITHIN_DAYS
NOT_FOUND = "No record with that ContactPoint ID is available to you."

# The table's role names as the directory's roles (Role() refuses a name it does not know,
# so a renamed role fails at import rather than letting nobody through).
OFFICER = frozenset(Role(name) for name in table.OFFICER)
TEAM = frozenset(Role(name) for name in table.TEAM)
_WHY_NOT = {
    ShieldEvent.PLACE: "This record is already shielded.",
    ShieldEvent.GRANT: "This record is already shielded.",
    ShieldEvent.CONFIRM: "There is no unconfirmed shield on this record to confirm.",
    ShieldEvent.PROPOSE_LIFT: "There is no shield on this record whose lift could be proposed.",
    ShieldEvent.CONFIRM_LIFT: "No lift of this record's shield has been proposed.",
    ShieldEvent.RENEW: "This record is not shielded.",
}
_BARRED_WHY = {
    table.Relation.PLACER: "A second, different shield officer must confirm this shield.",
    table.Relation.PROPOSER: "Someone other than the person who proposed the lift must confirm it.",
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
    def phase(self) -> ShieldPhase:
        return table.phase_of(
            placed=self.placed_on is not None,
            confirmed=self.confirmed_by is not None,
            lift_proposed=self.lift_proposed_by is not None,
        )

    @property
    def holds(self) -> bool:
        return self.phase is not ShieldPhase.UNSHIELDED


UNSHIELDED = ShieldState()


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 August + 6 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def admit(actor: Viewer, event: ShieldEvent, authority: str) -> None:
    """Raise unless `actor` may send `event` about a child of `authority` (see the docstring)."""
    if table.WORKERS.isdisjoint(actor.roles) or actor.local_authority is None:
        raise NotAllowed("Only shield officers and the management team work with shields.")
    if actor.local_authority != authority:
        raise NotFound(NOT_FOUND)
    if not table.may_send(event, actor.roles):
        raise NotAllowed(f"Your role does not include this step ({event.value}).")


def step(
    shield: ShieldState,
    event: ShieldEvent,
    actor: Viewer,
    authority: str,
    today: dt.date,
    reason: str | None = None,
) -> ShieldState:
    """The shield after `actor` sends `event` today; `reason` is the placing's reason code."""
    admit(actor, event, authority)
    following = table.next_phase(shield.phase, event)
    if following is None:
        raise Conflict(_WHY_NOT[event])
    who = actor.user_id
    if table.barred(
        event, placed_by_me=who == shield.placed_by, proposed_by_me=who == shield.lift_proposed_by
    ):
        raise Conflict(_BARRED_WHY[table.BARRED[event]])
    after = _after(shield, event, who, today, reason)
    # The fields below must say what the table says; a mismatch is a bug here, never input.
    assert after.phase is following, (shield.phase, event, after.phase)
    return after


def _after(
    shield: ShieldState, event: ShieldEvent, who: str, today: dt.date, reason: str | None
) -> ShieldState:
    if event in (ShieldEvent.PLACE, ShieldEvent.GRANT):
        if reason is None:
            raise ValueError("placing a shield needs its reason code")
        return ShieldState(
            reason=reason,
            placed_by=who,
            placed_on=today,
            review_date=months_after(today, REVIEW_MONTHS),
        )
    if event is ShieldEvent.CONFIRM:
        return replace(shield, confirmed_by=who, confirmed_on=today)
    if event is ShieldEvent.PROPOSE_LIFT:
        return replace(shield, lift_proposed_by=who, lift_proposed_on=today)
    if event is ShieldEvent.CONFIRM_LIFT:
        return UNSHIELDED
    return replace(
        shield,
        review_date=months_after(today, REVIEW_MONTHS),
        lift_proposed_by=None,
        lift_proposed_on=None,
    )


def due(shield: ShieldState, today: dt.date) -> tuple[ShieldDue, ...]:
    """Every reason this shield needs the team's attention today; () if none."""
    if not shield.holds or shield.review_date is None:
        return ()
    reasons = []
    if shield.confirmed_by is None:
        reasons.append(ShieldDue.UNCONFIRMED)
    if shield.lift_proposed_by is not None:
        reasons.append(ShieldDue.LIFT_PENDING)
    if shield.review_date < today:
        reasons.append(ShieldDue.OVERDUE)
    elif shield.review_date <= today + dt.timedelta(days=DUE_WITHIN_DAYS):
        reasons.append(ShieldDue.DUE)
    return tuple(reasons)
