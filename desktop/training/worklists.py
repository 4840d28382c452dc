"""The management team's first look: work already waiting on its lists after prepare.

    seed_worklists(engine, scenarios, cast, now) -> Seeded

A trainer who signs in as the team or a shield officer should find something to work on
(issue 11): one item on each list, made by the directory's own code, so that its rows,
references and audit rows are exactly those the routes write:

* the shielded scenario's shield is the cast's: the population's shield is lifted and placed
  again through the lifecycle (directory.shields.lifecycle.apply: proposed by
  `shield-officer`, confirmed by `management`, placed by `shield-officer`), and left for
  `shield-officer-2` to confirm, so the reviews list holds it and nothing else made today;
* an open override alert: the social worker's override of that child
  (directory.actions.override.record_override). Prepare has no card to re-authenticate
  with, so that one check of a live override is the step left out;
* an open contact request about that child, from the teacher (request_contact);
* an open shield request about `team_ordinary`, from the health visitor (request_shield).

What the cast wrote is synthetic and names no child: the lists name children by
ContactPoint ID only, and these texts say nothing a trainee should not read.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from contract.codes import OverrideReason, ShieldReason
from contract.codes import ShieldEvent as Event
from contract.levels import Level
from desktop.training.errors import TrainingError
from desktop.training.scenarios import Scenarios
from desktop.training.users import CastMember
from directory.actions import request_contact, request_shield
from directory.actions.lookup import visible_child
from directory.actions.override import check_justification, reason_for, record_override
from directory.shields.lifecycle import apply
from directory.viewer import Viewer

JUSTIFICATION = (
    "A strategy discussion this morning opened a section 47 enquiry; I need the current "
    "address and the practitioners involved to arrange a joint visit today."
)
CONTACT_MESSAGE = (
    "I would like to speak to the practitioners working with this child about a concern "
    "raised at school. Please pass on my contact details."
)
SHIELD_NOTE = (
    "At a home visit a parent told me the family moved to get away from a violent former "
    "partner. Please consider shielding this record."
)


@dataclass(frozen=True)
class Seeded:
    """The references of what prepare left on the lists (no child is named by them)."""

    alert: str
    contact_request: str
    shield_request: str
    unconfirmed_shield: str  # the cp_id of the shield waiting for a second officer


def _cid() -> str:
    return uuid.uuid4().hex


def _by_label(cast: Sequence[CastMember]) -> dict[str, Viewer]:
    return {member.label: member.viewer() for member in cast}


def _take_over_shield(
    engine: Engine, viewers: dict[str, Viewer], cp_id: str, now: dt.datetime
) -> None:
    officer, team = viewers["shield-officer"], viewers["management"]
    proposed = apply(engine, officer, cp_id, Event.PROPOSE_LIFT, now=now, correlation_id=_cid())
    reason = proposed.shield.reason
    if reason is None:  # the population writes every shield with its reason
        raise TrainingError("The shielded scenario's shield has no reason code.")
    apply(engine, team, cp_id, Event.CONFIRM_LIFT, now=now, correlation_id=_cid())
    apply(engine, officer, cp_id, Event.PLACE, reason=reason, now=now, correlation_id=_cid())


def _override(engine: Engine, viewer: Viewer, cp_id: str, now: dt.datetime) -> str:
    reason = reason_for(OverrideReason.CHILD_PROTECTION_ENQUIRY)
    text = check_justification(JUSTIFICATION)
    with engine.begin() as conn:
        found = visible_child(conn, viewer, cp_id, now.date())
        if found is None or found.view.level is not Level.SHIELDED:
            raise TrainingError("The shielded scenario is not shielded from the social worker.")
        return record_override(conn, viewer, found, reason, text, now, _cid()).alert_reference


def seed_worklists(
    engine: Engine, scenarios: Scenarios, cast: Sequence[CastMember], now: dt.datetime
) -> Seeded:
    """Put one item on each of the management authority's lists, as the cast would."""
    viewers = _by_label(cast)
    shielded = scenarios.shielded.cp_id
    _take_over_shield(engine, viewers, shielded, now)
    alert = _override(engine, viewers["social-worker"], shielded, now)
    contact = request_contact(
        engine, viewers["teacher"], shielded, CONTACT_MESSAGE, now=now, correlation_id=_cid()
    )
    shield = request_shield(
        engine,
        viewers["health-visitor"],
        scenarios.team_ordinary.cp_id,
        ShieldReason.DOMESTIC_VIOLENCE,
        SHIELD_NOTE,
        now=now,
        correlation_id=_cid(),
    )
    return Seeded(alert, contact.reference, shield.reference, shielded)
