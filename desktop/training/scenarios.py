"""Training scenarios: documented children trainers and helpdesk staff can find on purpose.

Each scenario is chosen from the synthetic population by a fixed rule and a fixed order
(child id), so one seed, one size and one day give the same children every time. Live
scenario children are at least a year short of 18, so that a home stays usable for a
year of courses before its children start to be archived under them.

    find_scenarios(conn, today, children) -> Scenarios     # ScenarioMissing names a gap
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, and_, not_, select

from desktop.training.conditions import (
    alive,
    first,
    has_carer,
    has_sensitive_involvement,
    ids,
    involvement_count,
    recently_archived,
    stays_live,
    unshielded,
)
from desktop.training.errors import ScenarioMissing
from directory.criteria import Mode, parse
from directory.schema import carer, child, child_carer, involvement, organisation
from directory.search import search
from directory.viewer import Role, Viewer

SINGLE = (
    "ordinary",
    "shielded",
    "team_ordinary",
    "sensitive",
    "archived",
    "deceased",
    "left_england",
)
PAIRS = ("twins", "near_duplicates")
SEVERAL_INVOLVEMENTS = 3


@dataclass(frozen=True)
class ScenarioChild:
    id: int
    cp_id: str
    family_name: str
    given_name: str
    date_of_birth: dt.date
    gender: str
    postcode: str | None
    school: str | None
    carers: tuple[str, ...]
    responsible_la: str
    school_id: int | None

    def as_json(self) -> dict[str, Any]:
        """The `child` object of training.json (DESIGN.md 4.1)."""
        return {
            "cp_id": self.cp_id,
            "family_name": self.family_name,
            "given_name": self.given_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "gender": self.gender,
            "postcode": self.postcode,
            "school": self.school,
            "carers": list(self.carers),
        }


@dataclass(frozen=True)
class Scenarios:
    ordinary: ScenarioChild
    shielded: ScenarioChild
    # A child of the management team's authority who is not shielded: the shield officers
    # practise placing (and the team lifting) a shield on it, and a practitioner's shield
    # request is about it, without touching the shielded scenario.
    team_ordinary: ScenarioChild
    sensitive: ScenarioChild
    archived: ScenarioChild
    deceased: ScenarioChild
    left_england: ScenarioChild
    twins: tuple[ScenarioChild, ScenarioChild]
    near_duplicates: tuple[ScenarioChild, ScenarioChild]
    # The organisation providing the sensitive scenario's sensitive involvement: one
    # training user works there, so the sensitive-involvement rule can be shown both ways.
    sensitive_organisation_id: int

    @property
    def management_authority(self) -> str:
        """The one authority whose management team and shield officers are in the cast."""
        return self.shielded.responsible_la

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name).as_json() for name in SINGLE}
        for name in PAIRS:
            out[name] = [c.as_json() for c in getattr(self, name)]
        return out

    def listing(self) -> list[tuple[str, ScenarioChild]]:
        """(scenario, child) in the order trainers read them."""
        rows = [(name, getattr(self, name)) for name in SINGLE]
        for name in PAIRS:
            rows += [(name, c) for c in getattr(self, name)]
        return rows


def _cards(conn: Connection, ids: Iterable[int]) -> dict[int, ScenarioChild]:
    wanted = sorted(set(ids))
    carers: dict[int, list[str]] = defaultdict(list)
    for row in conn.execute(
        select(child_carer.c.child_id, carer.c.given_name, carer.c.family_name)
        .join(carer, carer.c.id == child_carer.c.carer_id)
        .where(child_carer.c.child_id.in_(wanted))
        .order_by(child_carer.c.child_id, carer.c.id)
    ):
        carers[row.child_id].append(f"{row.given_name} {row.family_name}")
    rows = conn.execute(
        select(child, organisation.c.name.label("school_name"))
        .outerjoin(organisation, organisation.c.id == child.c.school_id)
        .where(child.c.id.in_(wanted))
    )
    return {
        row.id: ScenarioChild(
            id=row.id,
            cp_id=row.cp_id,
            family_name=row.family_name,
            given_name=row.given_name,
            date_of_birth=row.date_of_birth,
            gender=row.gender,
            postcode=row.postcode,
            school=row.school_name,
            carers=tuple(carers[row.id]),
            responsible_la=row.responsible_la,
            school_id=row.school_id,
        )
        for row in rows
    }


def _card(conn: Connection, child_id: int) -> ScenarioChild:
    return _cards(conn, [child_id])[child_id]


# -- the scenarios -----------------------------------------------------------------------


def _shielded(conn: Connection, today: dt.date) -> int | None:
    """A live shielded child, preferably in an authority that also has a recently archived
    child, so that the one management user in the cast can be shown both."""
    candidates = ids(conn, child.c.shielded_since.is_not(None), stays_live(today))
    if not candidates:
        return None
    recent = set(
        conn.scalars(
            select(child.c.responsible_la)
            .where(recently_archived(today), alive(), unshielded())
            .distinct()
        )
    )
    authority = dict(
        conn.execute(select(child.c.id, child.c.responsible_la).where(child.c.id.in_(candidates)))
        .tuples()
        .all()
    )
    return next((c for c in candidates if authority[c] in recent), candidates[0])


def _archived(conn: Connection, today: dt.date, authority: str) -> int | None:
    """An archived child; the management user's authority's recently archived one if any."""
    recent = conn.scalar(
        select(child.c.id)
        .where(
            recently_archived(today),
            alive(),
            unshielded(),
            child.c.responsible_la == authority,
        )
        .order_by(child.c.archived_on.desc(), child.c.id)
        .limit(1)
    )
    if recent is not None:
        return int(recent)
    return first(conn, child.c.archived_on.is_not(None), alive(), unshielded())


def _deceased(conn: Connection, today: dt.date, authority: str) -> int | None:
    """A child who has died: one still in the live directory if there is one (visible to
    every practitioner), else one the management user can still see, else any."""
    died = child.c.date_of_death.is_not(None)
    live = and_(child.c.archived_on.is_(None), died)
    managed = and_(died, recently_archived(today), child.c.responsible_la == authority)
    for condition in (and_(live, unshielded()), and_(managed, unshielded()), died):
        found = first(conn, condition)
        if found is not None:
            return found
    return None


def _twins(conn: Connection, today: dt.date) -> tuple[int, int] | None:
    """Two live, unshielded children born on the same day to the same carers."""
    rows = conn.execute(
        select(child.c.id, child.c.family_name, child.c.date_of_birth, child.c.responsible_la)
        .where(stays_live(today), unshielded())
        .order_by(child.c.id)
    ).all()
    by_birth: dict[tuple[str, dt.date, str], list[int]] = defaultdict(list)
    for row in rows:
        by_birth[(row.family_name, row.date_of_birth, row.responsible_la)].append(row.id)
    groups = [group for group in by_birth.values() if len(group) > 1]
    wanted = [i for group in groups for i in group]
    carer_sets: dict[int, set[int]] = defaultdict(set)
    for child_id, carer_id in conn.execute(
        select(child_carer.c.child_id, child_carer.c.carer_id).where(
            child_carer.c.child_id.in_(wanted)
        )
    ):
        carer_sets[child_id].add(carer_id)
    pairs = [
        (a, b)
        for group in groups
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if carer_sets[a] and carer_sets[a] == carer_sets[b]
    ]
    return min(pairs) if pairs else None


def one_letter_apart(a: str, b: str) -> bool:
    """True when b is a with exactly one letter changed, inserted or deleted (case-blind)."""
    a, b = a.casefold(), b.casefold()
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _near_name_pairs(families: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of family names one letter apart, found through their one-deletion variants
    (so the work grows with the number of names, not its square)."""
    variants: dict[str, set[str]] = defaultdict(set)
    for name in families:
        folded = name.casefold()
        variants[folded].add(name)
        for i in range(len(folded)):
            variants[folded[:i] + folded[i + 1 :]].add(name)
    pairs = {
        (a, b)
        for names in variants.values()
        for a in names
        for b in names
        if a < b and one_letter_apart(a, b)
    }
    return sorted(pairs)


def _near_duplicates(conn: Connection, today: dt.date) -> tuple[int, int] | None:
    """Two live, unshielded children whose family names are one letter apart, born close
    together: the case fuzzy search is for. Pairs that a fuzzy search on one child's
    family name and date of birth actually links are preferred (a one-letter change does
    not always keep the phonetic key), then the closest birthdays."""
    rows = conn.execute(
        select(child.c.id, child.c.cp_id, child.c.family_name, child.c.date_of_birth)
        .where(stays_live(today), unshielded())
        .order_by(child.c.id)
    ).all()
    by_family: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for row in rows:
        by_family[row.family_name].append((row.date_of_birth, row.id))
    for dated in by_family.values():
        dated.sort()
    candidates: set[tuple[int, int, int]] = set()
    for a, b in _near_name_pairs(sorted(by_family)):
        others = by_family[b]
        for dob_a, id_a in by_family[a]:
            # Only the neighbours either side of dob_a in b's sorted list can be closest.
            i = bisect.bisect_left(others, (dob_a, -1))
            for dob_b, id_b in others[max(0, i - 1) : i + 1]:
                low, high = sorted((id_a, id_b))
                candidates.add((abs((dob_a - dob_b).days), low, high))
    ordered = sorted(candidates)
    if not ordered:
        return None
    by_id = {row.id: row for row in rows}
    for _, low, high in ordered[:_LINK_ATTEMPTS]:
        if _fuzzy_links(conn, today, by_id[low], by_id[high]):
            return low, high
    return ordered[0][1], ordered[0][2]


_LINK_ATTEMPTS = 50
_FINDER = Viewer(user_id="training:prepare", roles=frozenset({Role.PRACTITIONER}))


def _fuzzy_links(conn: Connection, today: dt.date, a: Row[Any], b: Row[Any]) -> bool:
    """Does a practitioner's fuzzy search on a's family name and birthday find b?"""
    criteria = parse(
        {"family_name": a.family_name, "date_of_birth": a.date_of_birth.isoformat()}, today
    )
    found = search(conn, _FINDER, criteria, Mode.FUZZY, today)
    return any(match.view.cp_id == b.cp_id for match in found.matches)


def _team_ordinary(
    conn: Connection, today: dt.date, authority: str, taken: Iterable[int]
) -> int | None:
    """A live child of `authority`, not shielded and with no sensitive involvement, at a
    current address with a postcode (so that a family name and postcode search finds it
    until a shield is placed), and none of the other scenarios."""
    return first(
        conn,
        stays_live(today),
        unshielded(),
        child.c.responsible_la == authority,
        child.c.address_state == "current",
        child.c.postcode.is_not(None),
        not_(has_sensitive_involvement()),
        child.c.id.not_in(sorted(set(taken))),
    )


def _sensitive_organisation(conn: Connection, child_id: int) -> int:
    found = conn.scalar(
        select(involvement.c.organisation_id)
        .where(
            involvement.c.child_id == child_id,
            involvement.c.sensitive_category.is_not(None),
            involvement.c.ceased_date.is_(None),
        )
        .order_by(involvement.c.id)
        .limit(1)
    )
    assert found is not None  # the sensitive scenario was chosen for having one
    return int(found)


def find_scenarios(conn: Connection, today: dt.date, children: int) -> Scenarios:
    """Choose every scenario from the population; ScenarioMissing names the first gap."""
    live = and_(stays_live(today), unshielded())

    def need(name: str, found: int | None) -> int:
        if found is None:
            raise ScenarioMissing(name, children)
        return found

    def need_pair(name: str, found: tuple[int, int] | None) -> tuple[int, int]:
        if found is None:
            raise ScenarioMissing(name, children)
        return found

    ordinary = need(
        "ordinary",
        first(
            conn,
            live,
            child.c.address_state == "current",
            child.c.school_id.is_not(None),
            has_carer(),
            not_(has_sensitive_involvement()),
            involvement_count() >= SEVERAL_INVOLVEMENTS,
        ),
    )
    shielded = need("shielded", _shielded(conn, today))
    authority = _card(conn, shielded).responsible_la
    sensitive = need("sensitive", first(conn, live, has_sensitive_involvement()))
    archived = need("archived", _archived(conn, today, authority))
    deceased = need("deceased", _deceased(conn, today, authority))
    left = need(
        "left_england",
        first(conn, live, child.c.address_state == "left_england"),
    )
    twins = need_pair("twins", _twins(conn, today))
    near = need_pair("near_duplicates", _near_duplicates(conn, today))
    others = [ordinary, shielded, sensitive, archived, deceased, left, *twins, *near]
    team = need("team_ordinary", _team_ordinary(conn, today, authority, others))
    cards = _cards(conn, [*others, team])
    return Scenarios(
        ordinary=cards[ordinary],
        shielded=cards[shielded],
        team_ordinary=cards[team],
        sensitive=cards[sensitive],
        archived=cards[archived],
        deceased=cards[deceased],
        left_england=cards[left],
        twins=(cards[twins[0]], cards[twins[1]]),
        near_duplicates=(cards[near[0]], cards[near[1]]),
        sensitive_organisation_id=_sensitive_organisation(conn, sensitive),
    )
