"""A shielded household in the synthetic population: its shield drawn once for the home,
and each child's shield columns from it (directory.population.generator)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from directory.population import names
from directory.population.dates import between
from directory.schema import SHIELD_REASONS
from directory.shields.machine import REVIEW_MONTHS, months_after

_SHIELD_REASONS = names.Weighted.of(
    list(zip(SHIELD_REASONS, (60.0, 5.0, 15.0, 10.0, 10.0), strict=True))
)
_NINE_MONTHS = dt.timedelta(days=270)

# shielded_since, shielded_by, shield_reason, shield_review_date, shield_confirmed_by/_on
ShieldColumns = tuple[
    dt.date | None, str | None, str | None, dt.date | None, str | None, dt.date | None
]


@dataclass(frozen=True, slots=True)
class HouseholdShield:
    since: dt.date
    officer: str  # placed it
    confirmer: str  # the authority's other officer, who confirmed it (DESIGN.md 3.6.1)
    reason: str
    review: dt.date


def draw_shield(rng: random.Random, officers: Sequence[str], today: dt.date) -> HouseholdShield:
    """A shield over a whole household, placed on one day by one of the authority's two
    officers and confirmed that day by the other. It has been kept under review since: a
    review that fell due before today was held on the day and renewed the shield for six
    months, so every review date is still to come and the team's reviews list starts with
    only what is genuinely due."""
    placer = rng.randrange(2)
    since = between(rng, today - _NINE_MONTHS, today)
    review = since + dt.timedelta(days=rng.randrange(150, 183))
    while review <= today:
        review = months_after(review, REVIEW_MONTHS)
    return HouseholdShield(
        since, officers[placer], officers[1 - placer], _SHIELD_REASONS.pick(rng), review
    )


def shield_columns(shield: HouseholdShield | None, dob: dt.date) -> ShieldColumns:
    """The child's shield columns, in rows.CHILD's order."""
    if shield is None:
        return None, None, None, None, None, None
    # A baby born into a shielded household is shielded (and confirmed) from birth.
    since = max(shield.since, dob)
    return since, shield.officer, shield.reason, shield.review, shield.confirmer, since
