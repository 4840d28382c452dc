"""Households of synthetic children, one at a time, as rows ready to write.

A household is the unit because that is where realism lives: siblings share carers, an
address, a GP and usually a school, and twins share a birthday. Everything random comes
from the one `random.Random` handed in, drawn in a fixed order, so a seed and a `today`
determine every row on either backend — except two identifiers, which must be
unpredictable: ContactPoint IDs come from the issuer handed in (directory.cpid, drawing
from `secrets`) and involvement handles from directory.handles.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from directory.anniversaries import ADULT_AGE, DECEASED_KEPT_YEARS, years_after
from directory.indexing import NameForIndex, entries_for_child
from directory.population import names
from directory.population.contacts import carer_email, mobile
from directory.population.dates import academic_year_start, age_on, between
from directory.population.involvements import draw_involvements, practitioner
from directory.population.places import AUTHORITY_WEIGHTS, BY_CODE, Address, address
from directory.population.reference import Catalogue, LocalOrganisations, Organisation
from directory.population.rows import SEARCH_ENTRY, Row
from directory.population.shields import HouseholdShield, draw_shield, shield_columns
from directory.schema import LEFT_ENGLAND_INTENTS

MAX_AGE_DAYS = 20 * 365 + 4  # ages 0 to 19 inclusive
_CHILDREN_PER_HOUSEHOLD = names.Weighted.of([("1", 42), ("2", 36), ("3", 15), ("4", 7)])
_GENDERS = names.Weighted.of([("female", 48.8), ("male", 50.9), ("not_specified", 0.3)])
_ADDRESS_STATES = names.Weighted.of(
    [("current", 96.4), ("last_known", 2.1), ("no_known_address", 1.0), ("left_england", 0.5)]
)
_LEFT_INTENTS = names.Weighted.of(list(zip(LEFT_ENGLAND_INTENTS, (45.0, 30.0, 25.0), strict=True)))

SHIELDED_HOUSEHOLDS = 0.005
FORMER_NAMES = 0.025
NEAR_DUPLICATE_HOUSEHOLDS = 0.02  # first child only: about 1% of children
DECEASED = 0.001
TWINS = 0.03
NO_GP = 0.03


@dataclass(slots=True)
class IdCounters:
    """The next free key of each table; advanced as rows are made."""

    serial: int = 1
    child: int = 1
    carer: int = 1
    involvement: int = 1
    former_name: int = 1
    search_entry: int = 1


@dataclass(slots=True)
class Household:
    issued_ids: list[Row] = field(default_factory=list)
    carers: list[Row] = field(default_factory=list)
    children: list[Row] = field(default_factory=list)
    child_carers: list[Row] = field(default_factory=list)
    former_names: list[Row] = field(default_factory=list)
    involvements: list[Row] = field(default_factory=list)
    search_entries: list[Row] = field(default_factory=list)
    shielded: int = 0
    archived: int = 0
    deceased: int = 0
    left_england: int = 0
    sensitive: int = 0


@dataclass(frozen=True, slots=True)
class _Carer:
    id: int
    relationship: str
    parental_responsibility: bool


@dataclass(slots=True)
class Home:
    """What siblings share."""

    la_code: str
    tradition: names.Tradition
    family: str
    address: Address | None
    address_state: str
    left_intent: str | None
    local: LocalOrganisations
    primary: Organisation
    secondary: Organisation
    gp: Organisation | None
    carers: list[_Carer]
    shield: HouseholdShield | None


@dataclass(frozen=True, slots=True)
class Life:
    """One child's dates: the day the record stops moving on is `end`."""

    dob: dt.date
    death: dt.date | None
    archived_on: dt.date | None
    end: dt.date


class HouseholdGenerator:
    def __init__(
        self,
        rng: random.Random,
        catalogue: Catalogue,
        today: dt.date,
        ids: IdCounters,
        issue_cp_id: Callable[[], str],
    ) -> None:
        self._rng = rng
        self._issue_cp_id = issue_cp_id
        self._catalogue = catalogue
        self._today = today
        self._ids = ids
        self._recent: deque[tuple[str, dt.date, str]] = deque(maxlen=64)
        self._officers = {
            code: [" ".join(practitioner(self._rng, names.ENGLISH)) for _ in range(2)]
            for code in sorted(BY_CODE)
        }

    def households(self, children: int) -> Iterator[Household]:
        remaining = children
        while remaining > 0:
            wanted = min(remaining, int(_CHILDREN_PER_HOUSEHOLD.pick(self._rng)))
            household = self._household(wanted)
            remaining -= len(household.children)
            yield household

    # -- the household ------------------------------------------------------------------

    def _household(self, wanted: int) -> Household:
        rng = self._rng
        out = Household()
        near = None
        if self._recent and rng.random() < NEAR_DUPLICATE_HOUSEHOLDS:
            near = self._recent[rng.randrange(len(self._recent))]
        home = self._home(out, near)
        dobs = self._birthdays(wanted, near[1] if near else None)
        for dob in dobs:
            self._child(out, home, dob)
        self._recent.append((home.family, dobs[0], home.la_code))
        return out

    def _home(self, out: Household, near: tuple[str, dt.date, str] | None) -> Home:
        rng = self._rng
        la_code = near[2] if near and rng.random() < 0.5 else AUTHORITY_WEIGHTS.pick(rng)
        la = BY_CODE[la_code]
        tradition = names.pick_tradition(rng)
        family = names.near_spelling(rng, near[0]) if near else tradition.family.pick(rng)
        state = _ADDRESS_STATES.pick(rng)
        where = None if state == "no_known_address" else address(rng, la)
        left_intent = _LEFT_INTENTS.pick(rng) if state == "left_england" else None
        local = self._catalogue[la_code]
        home = Home(
            la_code,
            tradition,
            family,
            where,
            state,
            left_intent,
            local,
            rng.choice(local.primary),
            rng.choice(local.secondary),
            None if rng.random() < NO_GP else rng.choice(local.gp),
            [],
            None,
        )
        home.family = self._carers(out, home)
        if rng.random() < SHIELDED_HOUSEHOLDS:
            home.shield = draw_shield(rng, self._officers[la_code], self._today)
        return home

    def _carers(self, out: Household, home: Home) -> str:
        """Add the household's carers; return the children's family name."""
        rng = self._rng
        tradition, family = home.tradition, home.family
        shape = rng.random()
        other = tradition.family.pick(rng)
        if shape < 0.60:
            mother = family if rng.random() < 0.65 else other
            self._carer(out, home, "female", mother, "mother", True)
            self._carer(out, home, "male", family, "father", rng.random() < 0.92)
            if mother != family and "-" not in family + mother and rng.random() < 0.1:
                family = f"{family}-{mother}"
        elif shape < 0.82:
            self._carer(out, home, "female", family, "mother", True)
        elif shape < 0.85:
            self._carer(out, home, "male", family, "father", True)
        elif shape < 0.91:
            self._carer(out, home, "female", family, "mother", True)
            self._carer(out, home, "male", other, "step-father", False)
        elif shape < 0.95:
            self._carer(out, home, "female", family, "grandmother", rng.random() < 0.5)
            if rng.random() < 0.5:
                self._carer(out, home, "male", family, "grandfather", False)
        else:
            # Foster carers do not hold parental responsibility: the authority does.
            self._carer(out, home, "female", other, "foster carer", False)
            if rng.random() < 0.6:
                self._carer(out, home, "male", other, "foster carer", False)
        return family

    def _carer(
        self, out: Household, home: Home, gender: str, family: str, relationship: str, pr: bool
    ) -> None:
        rng = self._rng
        carer_id = self._ids.carer
        self._ids.carer += 1
        given = names.given_name(rng, home.tradition, gender)
        phone = mobile(rng) if rng.random() < 0.93 else None
        email = carer_email(rng, given, family) if rng.random() < 0.7 else None
        where = home.address
        out.carers.append(
            (
                carer_id,
                family,
                given,
                phone,
                email,
                None if where is None else ", ".join(filter(None, (where.line1, where.line2))),
                None if where is None else where.town,
                None if where is None else where.postcode,
            )
        )
        home.carers.append(_Carer(carer_id, relationship, pr))

    def _birthdays(self, wanted: int, anchor: dt.date | None) -> list[dt.date]:
        rng = self._rng
        today = self._today
        oldest = today - dt.timedelta(days=MAX_AGE_DAYS - 1)
        if anchor is not None:
            # A near namesake born within a few days: the case fuzzy search exists for.
            nudged = anchor + dt.timedelta(days=rng.randint(-3, 3))
            first = min(today, max(oldest, nudged))
        else:
            first = oldest + dt.timedelta(days=rng.randrange(MAX_AGE_DAYS))
        dobs = [first]
        while len(dobs) < wanted:
            gap = 0 if rng.random() < TWINS else rng.randrange(330, 2600)
            nxt = dobs[-1] + dt.timedelta(days=gap)
            if nxt > today:
                break
            dobs.append(nxt)
        return dobs

    # -- the child -----------------------------------------------------------------------

    def _child(self, out: Household, home: Home, dob: dt.date) -> None:
        rng = self._rng
        ids = self._ids
        child_id, serial = ids.child, ids.serial
        ids.child += 1
        ids.serial += 1
        cp_id = self._issue_cp_id()
        out.issued_ids.append(
            (serial, cp_id, between(rng, dob, min(self._today, dob + _SIX_WEEKS)))
        )

        gender = _GENDERS.pick(rng)
        given = names.given_name(rng, home.tradition, gender)
        middle = self._middle_names(home.tradition, gender)
        life = self._life(dob)
        if life.death is not None:
            out.deceased += 1
        if life.archived_on is not None:
            out.archived += 1
        school_id, school_start = self._school(home, life)
        shield = shield_columns(home.shield, dob)
        if shield[0] is not None:
            out.shielded += 1
        where = home.address
        if home.address_state == "left_england":
            out.left_england += 1
        out.children.append(
            (
                child_id,
                cp_id,
                home.family,
                given,
                middle,
                dob,
                gender,
                None if where is None else where.line1,
                None if where is None else where.line2,
                None if where is None else where.town,
                None if where is None else where.postcode,
                home.address_state,
                home.left_intent,
                life.death,
                home.la_code,
                school_id,
                school_start,
                None if home.gp is None else home.gp.id,
                *shield,
                life.archived_on,
            )
        )
        for carer in home.carers:
            out.child_carers.append(
                (child_id, carer.id, carer.relationship, carer.parental_responsibility)
            )
        index_names = [NameForIndex(home.family, given, former=False)]
        if rng.random() < FORMER_NAMES:
            index_names.append(self._former_name(out, home, child_id, given, life))
        draw_involvements(self._rng, self._ids, self._today, out, home, child_id, life)
        for entry in entries_for_child(
            child_id, index_names, dob, gender, None if where is None else where.postcode
        ):
            out.search_entries.append((ids.search_entry, *(entry[c] for c in _ENTRY_COLUMNS)))
            ids.search_entry += 1

    def _middle_names(self, tradition: names.Tradition, gender: str) -> str | None:
        roll = self._rng.random()
        if roll < 0.35:
            return None
        count = 2 if roll > 0.88 else 1
        chosen = [names.given_name(self._rng, tradition, gender) for _ in range(count)]
        return " ".join(chosen)

    def _life(self, dob: dt.date) -> Life:
        today = self._today
        death = None
        if self._rng.random() < DECEASED:
            death = between(self._rng, dob, today)
        archive_dates = []
        # The same dates the retention run would set (directory.anniversaries).
        eighteenth = years_after(dob, ADULT_AGE)
        if eighteenth <= today:
            archive_dates.append(eighteenth)
        if death is not None and years_after(death, DECEASED_KEPT_YEARS) <= today:
            archive_dates.append(years_after(death, DECEASED_KEPT_YEARS))
        archived_on = min(archive_dates) if archive_dates else None
        end = min(d for d in (today, death, eighteenth) if d is not None)
        return Life(dob, death, archived_on, end)

    def _school(self, home: Home, life: Life) -> tuple[int | None, dt.date | None]:
        rng = self._rng
        year = academic_year_start(life.end)
        age = age_on(life.dob, dt.date(year, 8, 31))
        if 4 <= age <= 10:
            pool, school, entered = home.local.primary, home.primary, year - (age - 4)
        elif 11 <= age <= 15 or (16 <= age <= 17 and rng.random() < 0.55):
            pool, school, entered = home.local.secondary, home.secondary, year - (age - 11)
        else:
            return None, None
        start = dt.date(entered, 9, 1)
        if rng.random() < 0.15:
            # A move mid-phase: another school, started on an ordinary school day.
            school = rng.choice(pool)
            start = between(rng, start, life.end)
        return school.id, start

    def _former_name(
        self, out: Household, home: Home, child_id: int, given: str, life: Life
    ) -> NameForIndex:
        rng = self._rng
        family = home.tradition.family.pick(rng)
        if family == home.family:
            family = names.ENGLISH.family.pick(rng)
        former_given = given if rng.random() < 0.9 else names.given_name(rng, home.tradition, "")
        used_until = between(rng, life.dob, life.end)
        out.former_names.append((self._ids.former_name, child_id, family, former_given, used_until))
        self._ids.former_name += 1
        return NameForIndex(family, former_given, former=True)


_SIX_WEEKS = dt.timedelta(days=42)
_ENTRY_COLUMNS = SEARCH_ENTRY[1:]
