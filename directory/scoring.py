"""How close a candidate is to the criteria: a score from 0 to 1 (DESIGN.md 3.4).

Each criterion given contributes a similarity in [0, 1], weighted by how much it tells
children apart; the score is the weighted mean over the criteria given, so adding a
criterion that matches never lowers a score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jellyfish

from directory.criteria import Criteria
from directory.name_variants import are_variants
from directory.phonetic import postcode_sector

WEIGHTS = {"family": 0.35, "given": 0.25, "birth": 0.25, "postcode": 0.10, "gender": 0.05}
# Below this a candidate is noise, not a match.
THRESHOLD = 0.70
# Each name given must resemble the candidate's on its own: a weighted mean alone would let
# a matching family name and birth year carry a different child's given name over the
# threshold, and every Smith born that year would "match".
NAME_FLOOR = 0.75
# A match on a former name is slightly weaker evidence than on the current one.
FORMER_NAME_FACTOR = 0.95
DATE_WINDOW_DAYS = 31


@dataclass(frozen=True, slots=True)
class Candidate:
    child_id: int
    former: bool
    family_norm: str
    given_norm: str
    date_of_birth: dt.date
    gender: str
    postcode_norm: str | None
    postcode_district: str | None


def name_similarity(wanted: str, found: str) -> float:
    if wanted == found:
        return 1.0
    if are_variants(wanted, found):
        return 0.9
    if len(wanted) == 1:  # an initial
        return 0.8 if found.startswith(wanted) else 0.0
    return float(jellyfish.jaro_winkler_similarity(wanted, found))


def swapped(day: dt.date) -> dt.date | None:
    """Day and month exchanged (03/07 for 07/03), if that is a real, different date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


def birth_similarity(c: Criteria, found: dt.date) -> float:
    if c.date_of_birth is not None:
        if found == c.date_of_birth:
            return 1.0
        if found == swapped(c.date_of_birth):
            return 0.8
        days = abs((found - c.date_of_birth).days)
        return max(0.0, 0.7 - 0.02 * days) if days <= DATE_WINDOW_DAYS else 0.0
    assert c.year_of_birth is not None
    return {0: 1.0, 1: 0.5}.get(abs(found.year - c.year_of_birth), 0.0)


def postcode_similarity(c: Criteria, full: str | None, district: str | None) -> float:
    if c.postcode_full is None:
        return 1.0 if district == c.postcode_district else 0.0
    if full == c.postcode_full:
        return 1.0
    if full is not None and postcode_sector(full) == postcode_sector(c.postcode_full):
        return 0.85
    return 0.7 if district == c.postcode_district else 0.0


def gender_similarity(wanted: str, found: str) -> float:
    if wanted == found:
        return 1.0
    return 0.5 if "not_specified" in (wanted, found) else 0.0


def fuzzy_score(c: Criteria, cand: Candidate) -> float:
    """The weighted similarity, or 0 when a name or the birth date rules the candidate out.

    Postcode and gender lower a score but never rule out: children move, and gender is
    the field most often recorded differently.
    """
    family = name_similarity(c.family_norm, cand.family_norm)
    if family < NAME_FLOOR:
        return 0.0
    parts: list[tuple[float, float]] = [(WEIGHTS["family"], family)]
    if c.given_name is not None:
        given = name_similarity(c.given_norm, cand.given_norm)
        if given < NAME_FLOOR:
            return 0.0
        parts.append((WEIGHTS["given"], given))
    if c.date_of_birth is not None or c.year_of_birth is not None:
        birth = birth_similarity(c, cand.date_of_birth)
        if birth == 0.0:
            return 0.0
        parts.append((WEIGHTS["birth"], birth))
    if c.postcode_district is not None:
        parts.append(
            (
                WEIGHTS["postcode"],
                postcode_similarity(c, cand.postcode_norm, cand.postcode_district),
            )
        )
    if c.gender is not None:
        parts.append((WEIGHTS["gender"], gender_similarity(c.gender, cand.gender)))
    score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    return score * (FORMER_NAME_FACTOR if cand.former else 1.0)


def exact_match(c: Criteria, cand: Candidate) -> bool:
    return (
        (c.family_name is None or cand.family_norm == c.family_norm)
        and (c.given_name is None or cand.given_norm == c.given_norm)
        and (c.date_of_birth is None or cand.date_of_birth == c.date_of_birth)
        and (c.year_of_birth is None or cand.date_of_birth.year == c.year_of_birth)
        and (c.gender is None or cand.gender == c.gender)
        and (c.postcode_district is None or cand.postcode_district == c.postcode_district)
        and (c.postcode_full is None or cand.postcode_norm == c.postcode_full)
    )
