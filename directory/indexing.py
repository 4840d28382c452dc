"""Derive the search_entry rows of a child: one per name (current and former).

The only writer of search_entry. Every path that writes a child or its names (bulk
population, API writes, retention purge) goes through here so the keys never drift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from directory.phonetic import family_keys, normalise_name, parse_postcode


@dataclass(frozen=True, slots=True)
class NameForIndex:
    family_name: str
    given_name: str
    former: bool


def entries_for_child(
    child_id: int,
    names: Iterable[NameForIndex],
    date_of_birth: dt.date,
    gender: str,
    postcode: str | None,
) -> list[dict[str, object]]:
    """The search_entry rows for one child, without ids (the caller assigns them)."""
    district: str | None = None
    full: str | None = None
    if postcode:
        try:
            district, full = parse_postcode(postcode)
        except ValueError:
            district, full = None, None
    rows: list[dict[str, object]] = []
    for name in names:
        family_norm = normalise_name(name.family_name)
        key, alt = family_keys(family_norm)
        rows.append(
            {
                "child_id": child_id,
                "former": name.former,
                "family_norm": family_norm,
                "given_norm": normalise_name(name.given_name),
                "family_key": key,
                "family_alt_key": alt,
                "date_of_birth": date_of_birth,
                "gender": gender,
                "postcode_norm": full,
                "postcode_district": district,
            }
        )
    return rows
