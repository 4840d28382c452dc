"""Which steps of a shield's life a person is offered, on a record and on the reviews list:
the one shield machine the directory follows (contract.shield_machine.offered), asked with
what the record or the reviews item says about the shield and who took its steps.

Only the authority's shield officers and team are told a shield's phase; for anyone else,
and for a shield whose phase was not sent, nothing is offered. The directory decides
anyway: a stale record on screen gets the directory's refusal, in words.
"""

from __future__ import annotations

from contract.codes import ShieldEvent, ShieldPhase
from contract.identity import user_name
from contract.shield_machine import offered
from desktop import RecordModel, ShieldStatus, SignedInUser

Step = tuple[ShieldEvent, bool]  # the event, and whether it is a six-monthly review


def _mine(identity: str | None, user: SignedInUser) -> bool:
    return identity is not None and user_name(identity) == user.name


def _steps(
    phase: ShieldPhase, user: SignedInUser, placed_by: str | None, proposed_by: str | None
) -> tuple[Step, ...]:
    events = offered(
        phase,
        frozenset(user.roles),
        placed_by_me=_mine(placed_by, user),
        proposed_by_me=_mine(proposed_by, user),
    )
    # GRANT is sent only by deciding a shield request (the requests tab), never from a
    # record or a review: offered() lists it, so it is left out here. Renewing is always a
    # review (it records one); a bare lift proposal is not.
    return tuple(
        (event, event is ShieldEvent.RENEW) for event in events if event is not ShieldEvent.GRANT
    )


def record_steps(record: RecordModel, user: SignedInUser) -> tuple[Step, ...]:
    """The steps offered on this record to this person (none for a saved copy: the caller
    shows no actions offline)."""
    if not user.works_shields:
        return ()
    shield = record.shield
    if shield is None:
        authority = record.responsible_authority
        ours = authority is not None and authority.code == user.local_authority
        if record.shielded or not ours:
            return ()  # a shield we are not told about, or another authority's child
        return _steps(ShieldPhase.UNSHIELDED, user, None, None)
    if shield.state is None:
        return ()
    return _steps(shield.state, user, shield.by, shield.lift_proposed_by)


def review_steps(item: ShieldStatus, user: SignedInUser) -> tuple[Step, ...]:
    """The buttons for a reviews-list item: the steps offered, plus proposing the lift as
    the outcome of a review where a lift may be proposed."""
    steps = _steps(item.state, user, item.placed_by, item.lift_proposed_by)
    if (ShieldEvent.PROPOSE_LIFT, False) in steps:
        steps = (*steps, (ShieldEvent.PROPOSE_LIFT, True))
    return steps
