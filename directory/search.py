"""Search (DESIGN.md 3.4): index probes, scoring, and matches built by the projection.

Every probe is an equality on an indexed key plus a range on the next column of the same
index (see the search_entry indexes in directory.schema), so no search scans the table;
benchmarks/ records the PostgreSQL plans. Candidates are narrowed to what the viewer could
see (directory.visibility) before anything is counted, so "too many matches" cannot
confirm that a hidden child exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, select, union

from directory.criteria import Criteria, Mode
from directory.phonetic import family_keys
from directory.projection import ChildView, project
from directory.records import load_headers
from directory.schema import child, search_entry
from directory.scoring import (
    DATE_WINDOW_DAYS,
    THRESHOLD,
    Candidate,
    exact_match,
    fuzzy_score,
    swapped,
)
from directory.viewer import Viewer
from directory.visibility import search_clause

MAX_MATCHES = 50
# More candidates than this from the index means the criteria are too broad to score.
CANDIDATE_CAP = 5_000
TOO_MANY = "Too many matches: add a criterion, such as a given name or a date of birth."


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    view: ChildView

    def as_dict(self) -> dict[str, Any]:
        """A match shows the view's identifying fields and, if visible, the address."""
        view = self.view
        summary: dict[str, Any] = {
            "cp_id": view.cp_id,
            "score": round(self.score, 3),
            "shielded": view.shielded,
            "family_name": view.family_name,
            "given_name": view.given_name,
            "date_of_birth": view.date_of_birth.isoformat(),
            "gender": view.gender,
        }
        if view.address is not None:
            summary["town"] = view.address.town
            summary["postcode"] = view.address.postcode
        return summary


@dataclass(frozen=True, slots=True)
class SearchResult:
    matches: tuple[Match, ...]
    too_many: bool

    @property
    def message(self) -> str | None:
        return TOO_MANY if self.too_many else None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "matches": [m.as_dict() for m in self.matches],
            "too_many": self.too_many,
        }
        if self.too_many:
            body["message"] = TOO_MANY
        return body


def _year_range(first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _birth_probes(c: Criteria, mode: Mode) -> list[ColumnElement[bool]]:
    dob = search_entry.c.date_of_birth
    if c.date_of_birth is not None:
        if mode is Mode.EXACT:
            return [dob == c.date_of_birth]
        window = dt.timedelta(days=DATE_WINDOW_DAYS)
        probes: list[ColumnElement[bool]] = [
            dob.between(c.date_of_birth - window, c.date_of_birth + window)
        ]
        other = swapped(c.date_of_birth)
        if other is not None and abs((other - c.date_of_birth).days) > DATE_WINDOW_DAYS:
            probes.append(dob == other)
        return probes
    assert c.year_of_birth is not None
    spread = 0 if mode is Mode.EXACT else 1
    return [dob.between(*_year_range(c.year_of_birth - spread, c.year_of_birth + spread))]


def _second_column_probes(c: Criteria, mode: Mode) -> list[ColumnElement[bool]]:
    """The range or equality on an index's second column: birth if given, else postcode."""
    if c.date_of_birth is not None or c.year_of_birth is not None:
        return _birth_probes(c, mode)
    if mode is Mode.EXACT and c.postcode_full is not None:
        return [search_entry.c.postcode_norm == c.postcode_full]
    return [search_entry.c.postcode_district == c.postcode_district]


def _probes(c: Criteria, mode: Mode) -> list[ColumnElement[bool]]:
    if c.cp_id is not None:
        return [and_(child.c.cp_id == c.cp_id, search_entry.c.former.is_(False))]
    seconds = _second_column_probes(c, mode)
    if mode is Mode.EXACT:
        return [and_(search_entry.c.family_norm == c.family_norm, s) for s in seconds]
    key, alt = family_keys(c.family_norm)
    return [
        and_(column == value, s)
        for column, value in (
            (search_entry.c.family_key, key),
            (search_entry.c.family_alt_key, alt),
        )
        for s in seconds
    ]


def candidate_query(c: Criteria, mode: Mode, viewer: Viewer, today: dt.date) -> Select[Any]:
    visible = search_clause(viewer, c.used_fields(), today)
    columns = (
        search_entry.c.child_id,
        search_entry.c.former,
        search_entry.c.family_norm,
        search_entry.c.given_norm,
        search_entry.c.date_of_birth,
        search_entry.c.gender,
        search_entry.c.postcode_norm,
        search_entry.c.postcode_district,
    )
    selects = [
        select(*columns).join(child, child.c.id == search_entry.c.child_id).where(probe, visible)
        for probe in _probes(c, mode)
    ]
    if len(selects) == 1:
        return selects[0].limit(CANDIDATE_CAP + 1)
    # UNION, not UNION ALL: the two phonetic keys often find the same entry.
    return select(union(*selects).subquery()).limit(CANDIDATE_CAP + 1)


def _score(c: Criteria, mode: Mode, cand: Candidate) -> float | None:
    if mode is Mode.EXACT or (c.cp_id is not None and c.family_name is None):
        return 1.0 if exact_match(c, cand) else None
    score = fuzzy_score(c, cand)
    return score if score >= THRESHOLD else None


def search(
    conn: Connection, viewer: Viewer, c: Criteria, mode: Mode, today: dt.date
) -> SearchResult:
    """Run a validated search for `viewer`. The caller audits it in the same transaction."""
    rows = conn.execute(candidate_query(c, mode, viewer, today)).all()
    if len(rows) > CANDIDATE_CAP:
        return SearchResult((), too_many=True)
    best: dict[int, tuple[float, bool]] = {}  # child -> (score, matched a former name)
    for row in rows:
        cand = Candidate(*row)
        score = _score(c, mode, cand)
        if score is not None and score > best.get(cand.child_id, (-1.0, False))[0]:
            best[cand.child_id] = (score, cand.former)
    if len(best) > MAX_MATCHES:
        return SearchResult((), too_many=True)
    fields = c.used_fields()
    headers = load_headers(conn, list(best))
    matches = []
    for child_id, (score, former) in best.items():
        view = project(headers[child_id], viewer, today)
        # The projection has the last word: the pre-filter only narrowed the candidates.
        if view is None:
            continue
        needed = fields | {"former_names"} if former else fields
        if needed <= view.searchable_fields():
            matches.append(Match(score, view))
    matches.sort(key=lambda m: (-m.score, m.view.family_name, m.view.given_name, m.view.cp_id))
    return SearchResult(tuple(matches), too_many=False)
