"""Search criteria as the directory accepts them (DESIGN.md 3.4).

Parsing is strict and every refusal says what to change. Messages never echo the value
that was typed: it may be a child's name, and messages reach logs and screens.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from directory import cpid
from directory.errors import InvalidCriteria
from directory.phonetic import MAX_NAME_LENGTH, normalise_name, parse_postcode
from directory.schema import GENDERS

# Oldest date of birth anyone may search for: archived records stay visible to the
# management team until 19, and stored until 24; older dates are typing mistakes.
MAX_AGE_YEARS = 30
FIELDS = (
    "family_name",
    "given_name",
    "date_of_birth",
    "year_of_birth",
    "gender",
    "postcode",
    "cp_id",
)
# Fields a shielded record hides; a search using any of them never returns one.
ADDRESS_FIELDS = frozenset({"postcode"})
NEED_MORE = (
    "Enter a ContactPoint ID, or a family name with a date of birth, a year of birth or a postcode."
)
ADD_TO_FAMILY_NAME = "Add a date of birth, a year of birth or a postcode to the family name."
_NAME_PUNCTUATION = frozenset(" '’‘-.")


class Mode(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"

    @classmethod
    def parse(cls, value: object) -> Mode:
        if value not in ("exact", "fuzzy"):
            raise InvalidCriteria("The search mode must be 'exact' or 'fuzzy'.")
        return cls(str(value))


@dataclass(frozen=True, slots=True)
class Criteria:
    family_name: str | None = None
    given_name: str | None = None
    date_of_birth: dt.date | None = None
    year_of_birth: int | None = None
    gender: str | None = None
    postcode_district: str | None = None
    postcode_full: str | None = None  # None when only a district was given
    cp_id: str | None = None

    @property
    def family_norm(self) -> str:
        return normalise_name(self.family_name or "")

    @property
    def given_norm(self) -> str:
        return normalise_name(self.given_name or "")

    def used_fields(self) -> frozenset[str]:
        used = {k for k, v in asdict(self).items() if v is not None}
        if used & {"postcode_district", "postcode_full"}:
            used -= {"postcode_district", "postcode_full"}
            used.add("postcode")
        return frozenset(used)

    def as_audit(self) -> dict[str, object]:
        """The criteria as the audit log keeps them (the only place they are kept)."""
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in asdict(self).items()
            if v is not None
        }


def _text(raw: Mapping[str, object], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidCriteria(f"The {key.replace('_', ' ')} must be text.")
    value = value.strip()
    return value or None


def _name(raw: Mapping[str, object], key: str) -> str | None:
    value = _text(raw, key)
    if value is None:
        return None
    label = key.replace("_", " ")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidCriteria(f"The {label} is too long: at most {MAX_NAME_LENGTH} characters.")
    for ch in value:
        if ch not in _NAME_PUNCTUATION and unicodedata.category(ch)[0] not in ("L", "M"):
            raise InvalidCriteria(
                f"The {label} may contain only letters, spaces, hyphens and apostrophes."
            )
    if not normalise_name(value):
        raise InvalidCriteria(f"The {label} must contain at least one letter.")
    return value


def _date_of_birth(raw: Mapping[str, object], today: dt.date) -> dt.date | None:
    value = _text(raw, "date_of_birth")
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidCriteria("Enter the date of birth as YYYY-MM-DD, a real date.") from None
    if not today.year - MAX_AGE_YEARS <= day.year or day > today:
        raise InvalidCriteria(
            f"The date of birth must be in the last {MAX_AGE_YEARS} years and not in the future."
        )
    return day


def _year_of_birth(raw: Mapping[str, object], today: dt.date) -> int | None:
    value = raw.get("year_of_birth")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidCriteria("The year of birth must be a year such as 2015.")
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise InvalidCriteria("The year of birth must be a year such as 2015.")
    year = int(text)
    if not today.year - MAX_AGE_YEARS <= year <= today.year:
        raise InvalidCriteria(f"The year of birth must be in the last {MAX_AGE_YEARS} years.")
    return year


def parse(raw: object, today: dt.date) -> Criteria:
    """Validate raw JSON criteria; raise InvalidCriteria saying what to add or fix."""
    if not isinstance(raw, Mapping):
        raise InvalidCriteria("Search criteria must be a JSON object.")
    unknown = sorted(str(k) for k in raw if k not in FIELDS)
    if unknown:
        raise InvalidCriteria(
            f"Unknown search field {unknown[0][:40]!r}; the fields are {', '.join(FIELDS)}."
        )
    gender = _text(raw, "gender")
    if gender is not None and gender not in GENDERS:
        raise InvalidCriteria(f"The gender must be one of: {', '.join(GENDERS)}.")
    postcode = _text(raw, "postcode")
    district = full = None
    if postcode is not None:
        if len(postcode) > 10:
            raise InvalidCriteria("Enter a full postcode (LS6 2AB) or a district (LS6).")
        try:
            district, full = parse_postcode(postcode)
        except ValueError:
            raise InvalidCriteria("Enter a full postcode (LS6 2AB) or a district (LS6).") from None
    cp_text = _text(raw, "cp_id")
    criteria = Criteria(
        family_name=_name(raw, "family_name"),
        given_name=_name(raw, "given_name"),
        date_of_birth=_date_of_birth(raw, today),
        year_of_birth=_year_of_birth(raw, today),
        gender=gender,
        postcode_district=district,
        postcode_full=full,
        cp_id=None if cp_text is None else cpid.normalise(cp_text),
    )
    _check_minimum(criteria)
    return criteria


def _check_minimum(c: Criteria) -> None:
    if c.date_of_birth and c.year_of_birth and c.date_of_birth.year != c.year_of_birth:
        raise InvalidCriteria("The date of birth and the year of birth disagree; give one.")
    if c.cp_id is not None:
        return
    if c.family_name is None:
        raise InvalidCriteria(NEED_MORE)
    if c.date_of_birth is None and c.year_of_birth is None and c.postcode_district is None:
        raise InvalidCriteria(ADD_TO_FAMILY_NAME)
