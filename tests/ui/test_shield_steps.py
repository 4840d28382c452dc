"""Which shield steps a record and a reviews item offer (ui.shield_steps), as one table over
records the directory really sends (tests/ui/samples.py) with their shield block set to each
phase, and over reviews items built as sync reads them.

A person's unique name is what the directory writes after "user:" in `by` and
`lift_proposed_by`, and what the session's `user.name` says: "mine" is decided on it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from contract.codes import ShieldEvent, ShieldPhase
from desktop import RecordModel, SignedInUser
from tests.desktop.management.values import shield
from tests.directory.builders import LA_NORTH
from tests.ui.samples import record_json
from ui.shield_steps import Step, record_steps, review_steps

OTHER_LA = "E08000999"
ME = "zz-officer-1"  # values.shield() is placed by zz-officer-1
OTHER = "zz-officer-2"

OFFICER = SignedInUser(ME, "Northtown", ("shield_officer",), LA_NORTH)
ELSEWHERE_OFFICER = SignedInUser(ME, "Southtown", ("shield_officer",), OTHER_LA)
MANAGER = SignedInUser("zz-manager", "Northtown", ("management",), LA_NORTH)
TEACHER = SignedInUser("zz-teacher", "Zzschool Primary", ("practitioner",), None)

PLACE: Step = (ShieldEvent.PLACE, False)
CONFIRM: Step = (ShieldEvent.CONFIRM, False)
PROPOSE: Step = (ShieldEvent.PROPOSE_LIFT, False)
CONFIRM_LIFT: Step = (ShieldEvent.CONFIRM_LIFT, False)
RENEW: Step = (ShieldEvent.RENEW, True)
REVIEW_PROPOSE: Step = (ShieldEvent.PROPOSE_LIFT, True)


def unshielded() -> RecordModel:
    """Alpha, unshielded, of Northtown (LA_NORTH), as the directory sends it."""
    return RecordModel.from_json(record_json("standard"))


def shielded(
    state: ShieldPhase | None, by: str = ME, proposed_by: str | None = None
) -> RecordModel:
    """Beta as Northtown's team sees it, its shield block in `state` (None: no `state`)."""
    body = record_json("management")
    block: dict[str, Any] = body["shield"]
    block["by"] = f"user:{by}"
    block["lift_proposed_by"] = None if proposed_by is None else f"user:{proposed_by}"
    if state is None:
        del block["state"]
    else:
        block["state"] = state.value
    return RecordModel.from_json(body)


RECORD_CASES: list[tuple[str, RecordModel, SignedInUser, tuple[Step, ...]]] = [
    ("officer, own authority's unshielded child", unshielded(), OFFICER, (PLACE,)),
    ("officer of another authority", unshielded(), ELSEWHERE_OFFICER, ()),
    ("practitioner, unshielded", unshielded(), TEACHER, ()),
    ("practitioner, shielded", shielded(ShieldPhase.UNCONFIRMED, OTHER), TEACHER, ()),
    ("placed by me", shielded(ShieldPhase.UNCONFIRMED, ME), OFFICER, (PROPOSE, RENEW)),
    (
        "placed by another officer",
        shielded(ShieldPhase.UNCONFIRMED, OTHER),
        OFFICER,
        (CONFIRM, PROPOSE, RENEW),
    ),
    ("officer, confirmed", shielded(ShieldPhase.CONFIRMED, OTHER), OFFICER, (PROPOSE, RENEW)),
    (
        "team, lift proposed by another",
        shielded(ShieldPhase.LIFT_PENDING, OTHER, proposed_by=OTHER),
        MANAGER,
        (CONFIRM_LIFT, RENEW),
    ),
    (
        "team, lift proposed by me",
        shielded(ShieldPhase.LIFT_PENDING, OTHER, proposed_by=MANAGER.name),
        MANAGER,
        (RENEW,),
    ),
    (
        "officer, lift pending before confirmation",
        shielded(ShieldPhase.LIFT_PENDING_UNCONFIRMED, OTHER, proposed_by=OTHER),
        OFFICER,
        (CONFIRM, RENEW),
    ),
    ("team, unconfirmed", shielded(ShieldPhase.UNCONFIRMED, OTHER), MANAGER, (PROPOSE, RENEW)),
    ("a shield block without state", shielded(None, OTHER), OFFICER, ()),
    ("team, a shield block without state", shielded(None, OTHER), MANAGER, ()),
]


@pytest.mark.parametrize(
    ("record", "user", "expected"),
    [case[1:] for case in RECORD_CASES],
    ids=[case[0] for case in RECORD_CASES],
)
def test_a_record_offers_the_steps_of_its_shields_phase(
    record: RecordModel, user: SignedInUser, expected: tuple[Step, ...]
) -> None:
    assert record_steps(record, user) == expected


def test_a_record_never_offers_grant_which_only_deciding_a_request_sends() -> None:
    # The team may grant on an unshielded child by the machine, but only through a shield
    # request: a record offers the team nothing to place.
    assert record_steps(unshielded(), MANAGER) == ()


def test_a_shielded_record_without_its_shield_block_offers_nothing() -> None:
    # What another authority's officer, or anyone not told the phase, receives.
    record = RecordModel.from_json(record_json("officer"))
    record = dataclasses.replace(record, shield=None)
    assert record_steps(record, OFFICER) == ()


REVIEW_CASES: list[tuple[str, ShieldPhase, SignedInUser, tuple[Step, ...]]] = [
    ("placed by me", ShieldPhase.UNCONFIRMED, OFFICER, (PROPOSE, RENEW, REVIEW_PROPOSE)),
    (
        "placed by another officer",
        ShieldPhase.UNCONFIRMED,
        SignedInUser(OTHER, "Northtown", ("shield_officer",), LA_NORTH),
        (CONFIRM, PROPOSE, RENEW, REVIEW_PROPOSE),
    ),
    ("team, confirmed", ShieldPhase.CONFIRMED, MANAGER, (PROPOSE, RENEW, REVIEW_PROPOSE)),
    ("team, lift pending", ShieldPhase.LIFT_PENDING, MANAGER, (CONFIRM_LIFT, RENEW)),
    ("team, unshielded", ShieldPhase.UNSHIELDED, MANAGER, ()),
]


@pytest.mark.parametrize(
    ("phase", "user", "expected"),
    [case[1:] for case in REVIEW_CASES],
    ids=[case[0] for case in REVIEW_CASES],
)
def test_a_review_adds_proposing_the_lift_as_its_outcome(
    phase: ShieldPhase, user: SignedInUser, expected: tuple[Step, ...]
) -> None:
    assert review_steps(shield(phase), user) == expected
