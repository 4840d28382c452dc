"""Telephone numbers and e-mail addresses that can never reach a real person.

Every number comes from Ofcom's ranges reserved for drama and fiction, so a training
user who rings a number off the screen reaches nobody; every address is on a domain
reserved by RFC 2606 (example.org, example.com, example.net and their subdomains).
"""

from __future__ import annotations

import random
import re
import unicodedata
from enum import Enum
from functools import lru_cache


class DramaRange(Enum):
    """Ofcom's drama blocks of 1,000 numbers: the value is all but the last three digits."""

    LEEDS = "0113 496 0"
    SHEFFIELD = "0114 496 0"
    NOTTINGHAM = "0115 496 0"
    LEICESTER = "0116 496 0"
    BRISTOL = "0117 496 0"
    READING = "0118 496 0"
    BIRMINGHAM = "0121 496 0"
    EDINBURGH = "0131 496 0"
    GLASGOW = "0141 496 0"
    LIVERPOOL = "0151 496 0"
    MANCHESTER = "0161 496 0"
    LONDON = "020 7946 0"
    TYNESIDE = "0191 498 0"
    NO_AREA = "01632 960"
    MOBILE = "07700 900"

    def number(self, rng: random.Random) -> str:
        return f"{self.value}{rng.randrange(1000):03d}"


# What a test (or a reviewer) can check every stored number against.
DRAMA_NUMBER = re.compile(
    r"^(?:01(?:1[3-8]|[2-6]1) 496 0\d{3}"
    r"|020 7946 0\d{3}"
    r"|0191 498 0\d{3}"
    r"|01632 960\d{3}"
    r"|07700 900\d{3})$"
)

EXAMPLE_DOMAIN = re.compile(r"^[a-z0-9._-]+@(?:[a-z0-9-]+\.)*example\.(?:org|com|net)$")
_CARER_DOMAINS = ("example.com", "example.net", "mail.example.com", "post.example.net")
_NOT_LOCAL = re.compile(r"[^a-z0-9]")


def mobile(rng: random.Random) -> str:
    return DramaRange.MOBILE.number(rng)


@lru_cache(maxsize=8192)  # names repeat: the set of distinct ones is small
def ascii_slug(text: str) -> str:
    """ "Siân O'Brien-Nowak" -> "sianobriennowak": for the local part of an address."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return _NOT_LOCAL.sub("", folded.encode("ascii", "ignore").decode().lower()) or "x"


def carer_email(rng: random.Random, given: str, family: str) -> str:
    style = rng.randrange(3)
    first, last = ascii_slug(given), ascii_slug(family)
    if style == 0:
        local = f"{first}.{last}"
    elif style == 1:
        local = f"{first[0]}{last}{rng.randrange(1, 100)}"
    else:
        local = f"{first}{last[:1]}{rng.randrange(1970, 2006)}"
    return f"{local}@{rng.choice(_CARER_DOMAINS)}"


def work_email(given: str, family: str, domain: str) -> str:
    return f"{ascii_slug(given)}.{ascii_slug(family)}@{domain}"
