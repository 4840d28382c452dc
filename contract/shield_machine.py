"""The shield lifecycle's table (DESIGN.md 3.6.1, issue 11): phases, events, who may send
each and where each leads. Pure and standard library only, so the directory (which
enforces it: directory.shields.machine) and the client (which offers only the steps it
allows) read the one table.

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

Every sender is of the child's responsible authority; anyone else is refused before the
table is consulted. `grant` is placing on a practitioner's shield request: the team may turn
a request into a shield as well as the officers, and a shield officer other than the one who
granted it still confirms it. Every other (phase, event) is a conflict (409), and so is a
step by the one person the relation column bars (the placer confirming, the proposer
confirming the lift). The shield holds in every phase but `unshielded`: placing protects at
once (a family fleeing violence cannot wait) and only the team's confirmation of a lift
someone else proposed ends it. Renewing sets the next review REVIEW_MONTHS on; renewing a
shield whose lift is pending withdraws the proposal (the safe direction: the shield stays).

Roles are their wire names ("shield_officer", "management"), as a session's `user.roles`
sends them, so the client can ask `offered` with what it was told at sign-in.
"""

from __future__ import annotations

from collections.abc import Set
from enum import StrEnum

from contract.codes import ShieldEvent, ShieldPhase

REVIEW_MONTHS = 6  # placed or renewed + six months
DUE_WITHIN_DAYS = 30  # a review this near is on the reviews list

OFFICER: frozenset[str] = frozenset({"shield_officer"})
TEAM: frozenset[str] = frozenset({"management"})
WORKERS: frozenset[str] = OFFICER | TEAM  # everyone who works with shields at all


class Relation(StrEnum):
    """Who, of the roles that may send an event, is barred from sending it."""

    PLACER = "placer"  # placed (or granted) this shield
    PROPOSER = "proposer"  # proposed this shield's lift


# Who may send each event: one of these roles (of the child's authority) ...
SENDERS: dict[ShieldEvent, frozenset[str]] = {
    ShieldEvent.PLACE: OFFICER,
    ShieldEvent.GRANT: WORKERS,
    ShieldEvent.CONFIRM: OFFICER,
    ShieldEvent.PROPOSE_LIFT: WORKERS,
    ShieldEvent.CONFIRM_LIFT: TEAM,
    ShieldEvent.RENEW: WORKERS,
}
# ... and not the person in this relation to the shield.
BARRED: dict[ShieldEvent, Relation] = {
    ShieldEvent.CONFIRM: Relation.PLACER,
    ShieldEvent.CONFIRM_LIFT: Relation.PROPOSER,
}
TRANSITIONS: dict[tuple[ShieldPhase, ShieldEvent], ShieldPhase] = {
    (ShieldPhase.UNSHIELDED, ShieldEvent.PLACE): ShieldPhase.UNCONFIRMED,
    (ShieldPhase.UNSHIELDED, ShieldEvent.GRANT): ShieldPhase.UNCONFIRMED,
    (ShieldPhase.UNCONFIRMED, ShieldEvent.CONFIRM): ShieldPhase.CONFIRMED,
    (ShieldPhase.UNCONFIRMED, ShieldEvent.PROPOSE_LIFT): ShieldPhase.LIFT_PENDING_UNCONFIRMED,
    (ShieldPhase.UNCONFIRMED, ShieldEvent.RENEW): ShieldPhase.UNCONFIRMED,
    (ShieldPhase.CONFIRMED, ShieldEvent.PROPOSE_LIFT): ShieldPhase.LIFT_PENDING,
    (ShieldPhase.CONFIRMED, ShieldEvent.RENEW): ShieldPhase.CONFIRMED,
    (ShieldPhase.LIFT_PENDING_UNCONFIRMED, ShieldEvent.CONFIRM): ShieldPhase.LIFT_PENDING,
    (ShieldPhase.LIFT_PENDING_UNCONFIRMED, ShieldEvent.CONFIRM_LIFT): ShieldPhase.UNSHIELDED,
    (ShieldPhase.LIFT_PENDING_UNCONFIRMED, ShieldEvent.RENEW): ShieldPhase.UNCONFIRMED,
    (ShieldPhase.LIFT_PENDING, ShieldEvent.CONFIRM_LIFT): ShieldPhase.UNSHIELDED,
    (ShieldPhase.LIFT_PENDING, ShieldEvent.RENEW): ShieldPhase.CONFIRMED,
}


def phase_of(*, placed: bool, confirmed: bool, lift_proposed: bool) -> ShieldPhase:
    """The phase of a shield from what is known about it."""
    if not placed:
        return ShieldPhase.UNSHIELDED
    if lift_proposed:
        return ShieldPhase.LIFT_PENDING if confirmed else ShieldPhase.LIFT_PENDING_UNCONFIRMED
    return ShieldPhase.CONFIRMED if confirmed else ShieldPhase.UNCONFIRMED


def next_phase(phase: ShieldPhase, event: ShieldEvent) -> ShieldPhase | None:
    """Where `event` takes a shield in `phase`; None: not from here (the directory's 409)."""
    return TRANSITIONS.get((phase, event))


def may_send(event: ShieldEvent, roles: Set[str]) -> bool:
    """Whether someone of the child's authority with `roles` has a role for `event`."""
    return not SENDERS[event].isdisjoint(roles)


def barred(event: ShieldEvent, *, placed_by_me: bool, proposed_by_me: bool) -> bool:
    """Whether the relation column bars this person from `event` (the directory's 409)."""
    relation = BARRED.get(event)
    if relation is Relation.PLACER:
        return placed_by_me
    if relation is Relation.PROPOSER:
        return proposed_by_me
    return False


def offered(
    phase: ShieldPhase, roles: Set[str], *, placed_by_me: bool, proposed_by_me: bool
) -> tuple[ShieldEvent, ...]:
    """The events a person of the child's authority with `roles` may send now, in the
    order of ShieldEvent: the steps the client offers. The directory accepts exactly these
    from them and refuses every other (tests/contract/test_shield_machine.py). GRANT is
    sent by deciding a shield request (PATCH /v1/shield-requests/{id}), not on a record: a
    record's actions leave it out, a shield request's "grant" is offered where it is here."""
    return tuple(
        event
        for event in ShieldEvent
        if may_send(event, roles)
        and next_phase(phase, event) is not None
        and not barred(event, placed_by_me=placed_by_me, proposed_by_me=proposed_by_me)
    )
