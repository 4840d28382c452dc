"""The search form's values turned into the directory's criteria (DESIGN.md 3.4).

The form only reads what was typed into the shape the directory expects: dates as people
write them, an ID with spaces, a district or a whole postcode. It does not decide whether
the criteria are enough: the directory says what to add, and the client shows that as
sent, so the rule lives in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.errors import DesktopError

MODES = ("exact", "fuzzy")
GENDERS = {"": None, "female": "female", "male": "male", "not specified": "not_specified"}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y")
_FIELD_MAX = 100


class FormProblem(DesktopError, ValueError):
    """A field cannot be read; `field_name` says which, the message says how to write it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True, slots=True)
class SearchForm:
    """What was typed, as typed. `criteria()` reads it or raises FormProblem."""

    family_name: str = ""
    given_name: str = ""
    date_of_birth: str = ""
    year_of_birth: str = ""
    gender: str = ""  # a key of GENDERS
    postcode: str = ""
    cp_id: str = ""
    mode: str = "exact"

    def __repr__(self) -> str:
        # What was typed is personal data: never in a log line or a traceback.
        return f"SearchForm(mode={self.mode!r}, …)"

    def criteria(self) -> dict[str, str | int]:
        if self.mode not in MODES:
            raise FormProblem("mode", "Choose exact or fuzzy matching.")
        found: dict[str, str | int] = {}
        for name in ("family_name", "given_name"):
            value = _text(name, getattr(self, name))
            if value:
                found[name] = value
        if self.date_of_birth.strip():
            found["date_of_birth"] = _date(self.date_of_birth)
        if self.year_of_birth.strip():
            found["year_of_birth"] = _year(self.year_of_birth)
        if self.gender not in GENDERS:
            raise FormProblem("gender", "Choose a gender from the list, or leave it as any.")
        gender = GENDERS[self.gender]
        if gender is not None:
            found["gender"] = gender
        postcode = " ".join(self.postcode.upper().split())
        if postcode:
            found["postcode"] = _text("postcode", postcode)
        cp_id = re.sub(r"[\s-]", "", self.cp_id)
        if cp_id:
            if not cp_id.isdigit() or len(cp_id) != 12:
                raise FormProblem("cp_id", "A ContactPoint ID is 12 digits.")
            found["cp_id"] = cp_id
        if not found:
            raise FormProblem("family_name", "Type what you know about the child to search.")
        return found


def _text(name: str, value: str) -> str:
    value = " ".join(value.split())
    if len(value) > _FIELD_MAX:
        raise FormProblem(name, f"That is longer than {_FIELD_MAX} characters.")
    return value


def _date(value: str) -> str:
    text = " ".join(value.split())
    for pattern in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day.isoformat()
    raise FormProblem(
        "date_of_birth", "Write the date of birth as day/month/year, e.g. 07/03/2015."
    )


def _year(value: str) -> int:
    text = value.strip()
    if not (text.isdigit() and len(text) == 4):
        raise FormProblem("year_of_birth", "Write the year of birth as four digits, e.g. 2015.")
    return int(text)
