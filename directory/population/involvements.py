"""A synthetic child's involvements: which services see a child of that age, who the
practitioner is and how to reach them, when it started and ceased, and the lead
professional and CAF among them. Moved out of generator.py whole: the same draws from the
same `random.Random`, in the same order, so a seed still gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import lru_cache
from typing import TYPE_CHECKING

from directory.handles import new_handle
from directory.population import names
from directory.population.contacts import mobile, work_email
from directory.population.dates import age_on, between
from directory.population.places import BY_CODE, SERVICES
from directory.schema import CONSENT_BASES

if TYPE_CHECKING:
    from directory.population.generator import Home, Household, IdCounters, Life

_CONSENT = names.Weighted.of(list(zip(CONSENT_BASES, (80.0, 20.0), strict=True)))
_INVOLVEMENT_COUNTS = (0, 1, 2, 3, 4)
_INVOLVEMENT_CUM = (40.0, 73.0, 89.0, 97.0, 100.0)
_SERVICE_WEIGHTS = {
    "health_visiting": 40.0,
    "school_nursing": 14.0,
    "social_care": 12.0,
    "early_help": 12.0,
    "youth_offending": 4.0,
    "speech_language": 9.0,
    "educational_psychology": 7.0,
    "connexions": 8.0,
}
_SENSITIVE_WEIGHTS = {"camhs": 70.0, "sexual_health": 15.0, "substance_misuse": 15.0}
SENSITIVE_CHILDREN = 0.036  # of children old enough; about 3% of all children
_SIX_YEARS = dt.timedelta(days=6 * 365)
_SERVICES = {s.key: s for s in SERVICES}


def draw_involvements(
    rng: random.Random,
    ids: IdCounters,
    today: dt.date,
    out: Household,
    home: Home,
    child_id: int,
    life: Life,
) -> None:
    """The child's involvements, a lead professional and a CAF among them, into `out`."""
    age = age_on(life.dob, life.end)
    count = rng.choices(_INVOLVEMENT_COUNTS, cum_weights=_INVOLVEMENT_CUM)[0]
    values, weights = _eligible("general", age)
    chosen: list[str] = []
    if values and count:
        for key in rng.choices(values, weights=weights, k=count):
            if key not in chosen:
                chosen.append(key)
    values, weights = _eligible("sensitive", age)
    if values and rng.random() < SENSITIVE_CHILDREN:
        chosen = [*chosen[:3], rng.choices(values, weights=weights)[0]]
        out.sensitive += 1
    drafts = [_involvement(rng, today, home, key, life) for key in chosen]
    _mark_lead_and_caf(rng, drafts, life)
    for draft in drafts:
        out.involvements.append((ids.involvement, new_handle(), child_id, *draft))
        ids.involvement += 1


def _involvement(
    rng: random.Random, today: dt.date, home: Home, key: str, life: Life
) -> list[object]:
    org = home.local.services[key]
    service = _SERVICES[key]
    start = between(rng, max(life.dob, life.end - _SIX_YEARS), life.end)
    ceased = None
    if life.end < today or rng.random() < 0.3:
        ceased = between(rng, start, life.end)
    if rng.random() < service.named_practitioner:
        given, family = practitioner(rng, names.pick_tradition(rng))
        name: str | None = f"{given} {family}"
        email = work_email(given, family, org.spec.email.split("@", 1)[1])
        phone = org.spec.phone if rng.random() < 0.5 else _direct_line(rng, home)
    else:
        name, email, phone = None, org.spec.email, org.spec.phone
    category = service.sensitive_category
    consent = _CONSENT.pick(rng) if category else None
    return [
        org.id,
        name,
        rng.choice(service.roles),
        phone,
        email,
        start,
        ceased,
        False,
        False,
        None,
        None,
        category,
        consent,
    ]


def _mark_lead_and_caf(rng: random.Random, drafts: list[list[object]], life: Life) -> None:
    # Index 6 is ceased_date and 11 the sensitive category in an involvement draft.
    current = [d for d in drafts if d[6] is None and d[11] is None]
    if not current:
        return
    chance = 0.7 if len(current) > 1 else 0.15
    if rng.random() < chance:
        lead = rng.choice(current)
        lead[7] = True
        if rng.random() < 0.4:
            start = lead[5]
            assert isinstance(start, dt.date)
            caf_started = between(rng, start, life.end)
            lead[8], lead[9] = True, caf_started
            if rng.random() < 0.6:
                lead[10] = between(rng, caf_started, life.end)


def practitioner(rng: random.Random, tradition: names.Tradition) -> tuple[str, str]:
    """A member of the children's workforce: given and family name."""
    # Most of the children's workforce are women.
    gender = "female" if rng.random() < 0.7 else "male"
    return names.given_name(rng, tradition, gender), tradition.family.pick(rng)


@lru_cache(maxsize=64)
def _eligible(group: str, age: int) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The services that see children of `age`, with weights: ([keys], [weights])."""
    weights = _SENSITIVE_WEIGHTS if group == "sensitive" else _SERVICE_WEIGHTS
    pairs = [
        (key, w)
        for key, w in weights.items()
        if _SERVICES[key].min_age <= age <= _SERVICES[key].max_age
    ]
    return tuple(k for k, _ in pairs), tuple(w for _, w in pairs)


def _direct_line(rng: random.Random, home: Home) -> str:
    return mobile(rng) if rng.random() < 0.3 else BY_CODE[home.la_code].phones.number(rng)
