"""The cache's tables as the current code reads them, and the search keys a row carries.

Schema version 2 (migrations.py builds it step by step, in `PRAGMA user_version`):

    entries(cp_id       TEXT PRIMARY KEY   the 12-digit ContactPoint ID, no separators
            body        TEXT               the directory's view as sent, JSON
            fetched_at  REAL               when the client fetched it, Unix seconds UTC
            expires_at  REAL               fetched_at + the policy's cache lifetime
            family_key  TEXT               normalised family name   } version 2: offline
            given_key   TEXT               normalised given name    } search over this
            date_of_birth TEXT             ISO date, as sent        } user's own records
    ) STRICT
    index entries_expiry(expires_at), index entries_search(family_key, date_of_birth)

Nothing else is ever written: no search criteria, no result lists, no override or
management views (rules.py), no log of what was read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any

MAX_KEY_LENGTH = 64


def normalise_name(name: str) -> str:
    """Case, accents, spaces, apostrophes and hyphens folded: "O'Brien-Ní" -> "obrienni".

    The offline search is exact on these keys: the phonetic matching is the directory's,
    and offline the user looks again for a record they have already opened.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    letters = (ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in "".join(letters).casefold() if ch.isalnum())[:MAX_KEY_LENGTH]


def date_key(value: dt.date | str) -> str:
    """An ISO date (YYYY-MM-DD); a string is checked, so a typo cannot match by accident."""
    if isinstance(value, dt.datetime):
        raise ValueError("A date of birth is a date, not a date and time.")
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(value.strip()).isoformat()


def search_keys(body: Mapping[str, Any]) -> tuple[str, str, str]:
    """(family_key, given_key, date_of_birth) for a view; empty where the view has none."""

    def name(field: str) -> str:
        value = body.get(field)
        return normalise_name(value) if isinstance(value, str) else ""

    born = body.get("date_of_birth")
    try:
        dob = date_key(born) if isinstance(born, str) else ""
    except ValueError:
        dob = ""
    return name("family_name"), name("given_name"), dob
