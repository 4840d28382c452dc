"""Search (DESIGN.md 3.4): index probes, scoring, and matches built by the projection.

Every probe is an equality on an indexed key plus a range on the next column of the same
index (see the search_entry indexes in directory.schema), so no search scans the table;
benchmarks/ records the PostgreSQL plans. Candidates are narrowed to what the viewer could
see (directory.visibility) before anything is counted, so "too many matches" cannot
confirm that a hidden child exists.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Dialect, Select, and_, bindparam, select, union

from directory import visibility
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


@dataclass(frozen=True, slots=True)
class QueryShape:
    """Everything the candidate statement's structure depends on.

    Values never shape the statement: they travel as bound parameters (parameters()), so
    one statement per shape is built, compiled and cached once and reused by every search.
    """

    mode: Mode
    by_id: bool
    birth: str | None  # "day" | "window" | "window+swap" | "years"
    postcode: str | None  # "full" | "district"; used when no birth criterion is given
    visibility: visibility.Shape


def _shape(c: Criteria, mode: Mode, viewer: Viewer) -> QueryShape:
    birth = postcode = None
    if c.date_of_birth is not None:
        other = swapped(c.date_of_birth)
        far = other is not None and abs((other - c.date_of_birth).days) > DATE_WINDOW_DAYS
        birth = "day" if mode is Mode.EXACT else ("window+swap" if far else "window")
    elif c.year_of_birth is not None:
        birth = "years"
    elif c.postcode_district is not None:
        exact_full = mode is Mode.EXACT and c.postcode_full is not None
        postcode = "full" if exact_full else "district"
    return QueryShape(
        mode, c.cp_id is not None, birth, postcode, visibility.shape(viewer, c.used_fields())
    )


def parameters(c: Criteria, mode: Mode, viewer: Viewer, today: dt.date) -> dict[str, Any]:
    """The values bound into the statement of this search's shape."""
    key, alt = family_keys(c.family_norm)
    params: dict[str, Any] = {
        "q_cp_id": c.cp_id,
        "q_family": c.family_norm,
        "q_key": key,
        "q_alt": alt,
        "q_postcode": c.postcode_full,
        "q_district": c.postcode_district,
        **visibility.parameters(viewer, today),
    }
    if c.date_of_birth is not None:
        window = dt.timedelta(days=DATE_WINDOW_DAYS)
        params.update(
            q_day=c.date_of_birth,
            q_swapped=swapped(c.date_of_birth),
            q_from=c.date_of_birth - window,
            q_to=c.date_of_birth + window,
        )
    elif c.year_of_birth is not None:
        spread = 0 if mode is Mode.EXACT else 1
        params.update(
            q_from=dt.date(c.year_of_birth - spread, 1, 1),
            q_to=dt.date(c.year_of_birth + spread, 12, 31),
        )
    return params


def _second_column_probes(s: QueryShape) -> list[ColumnElement[bool]]:
    """The range or equality on an index's second column: birth if given, else postcode."""
    dob = search_entry.c.date_of_birth
    if s.birth == "day":
        return [dob == bindparam("q_day")]
    if s.birth is not None:
        probes: list[ColumnElement[bool]] = [dob.between(bindparam("q_from"), bindparam("q_to"))]
        if s.birth == "window+swap":
            probes.append(dob == bindparam("q_swapped"))
        return probes
    if s.postcode == "full":
        return [search_entry.c.postcode_norm == bindparam("q_postcode")]
    return [search_entry.c.postcode_district == bindparam("q_district")]


def _probes(s: QueryShape) -> list[ColumnElement[bool]]:
    if s.by_id:
        return [and_(child.c.cp_id == bindparam("q_cp_id"), search_entry.c.former.is_(False))]
    seconds = _second_column_probes(s)
    if s.mode is Mode.EXACT:
        return [and_(search_entry.c.family_norm == bindparam("q_family"), p) for p in seconds]
    return [
        and_(column == bindparam(name), p)
        for column, name in (
            (search_entry.c.family_key, "q_key"),
            (search_entry.c.family_alt_key, "q_alt"),
        )
        for p in seconds
    ]


_COLUMNS = (
    search_entry.c.child_id,
    search_entry.c.former,
    search_entry.c.family_norm,
    search_entry.c.given_norm,
    search_entry.c.date_of_birth,
    search_entry.c.gender,
    search_entry.c.postcode_norm,
    search_entry.c.postcode_district,
)


@functools.lru_cache(maxsize=256)
def statement(s: QueryShape) -> Select[Any]:
    """The candidate statement for a shape: built once, then reused with new parameters."""
    visible = visibility.clause(s.visibility)
    selects = [
        select(*_COLUMNS).join(child, child.c.id == search_entry.c.child_id).where(probe, visible)
        for probe in _probes(s)
    ]
    if len(selects) == 1:
        return selects[0].limit(CANDIDATE_CAP + 1)
    # UNION, not UNION ALL: the two phonetic keys often find the same entry.
    return select(union(*selects).subquery()).limit(CANDIDATE_CAP + 1)


def candidate_query(
    c: Criteria, mode: Mode, viewer: Viewer, today: dt.date
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement and parameters that find this search's candidates."""
    return statement(_shape(c, mode, viewer)), parameters(c, mode, viewer, today)


def explain_sql(c: Criteria, mode: Mode, viewer: Viewer, today: dt.date, dialect: Dialect) -> str:
    """The candidate statement with its values inlined, for the database's EXPLAIN."""
    query, params = candidate_query(c, mode, viewer, today)
    bound = query.params(**params)
    return str(bound.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _score(c: Criteria, mode: Mode, cand: Candidate) -> float | None:
    if mode is Mode.EXACT or (c.cp_id is not None and c.family_name is None):
        return 1.0 if exact_match(c, cand) else None
    score = fuzzy_score(c, cand)
    return score if score >= THRESHOLD else None


def search(
    conn: Connection, viewer: Viewer, c: Criteria, mode: Mode, today: dt.date
) -> SearchResult:
    """Run a validated search for `viewer`. The caller audits it in the same transaction."""
    query, params = candidate_query(c, mode, viewer, today)
    rows = conn.execute(query, params).all()
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
