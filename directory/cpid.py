"""ContactPoint IDs: twelve digits, the last a Damm check digit.

The Damm algorithm detects every single-digit error and every adjacent transposition,
the two mistakes people make when reading an ID over the phone. The eleven digits before it
are drawn from a cryptographic random source (`secrets`), so one ID tells nothing about any
other (DESIGN.md 3.1): no formula, constant or serial behind them can be used to compute
the IDs of other children. An ID is issued once: `issue` checks it against `issued_id`,
which keeps every ID ever issued (a purged child's row stays, with purged_on set), draws
again on a collision, and records it in the caller's transaction, where the unique
constraint on issued_id.cp_id is the final guard against a concurrent writer. A bulk load
uses a `BulkIssuer`, which reads the issued IDs once and checks in memory.

The random source is injectable (a function returning a uniform integer in [0, n)) only so
that a test can make collisions happen or reproduce a population; the directory always uses
`secrets.randbelow`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

from sqlalchemy import Connection, exists, func, select, text

from directory.errors import InvalidIdentifier
from directory.schema import issued_id

BODY_DIGITS = 11
_MODULUS = 10**BODY_DIGITS
# Draws before giving up. With 10**11 bodies even a directory of ten million children
# collides once in ten thousand draws, so running out means a broken random source.
MAX_DRAWS = 32
# An arbitrary constant naming "issued_id serials" among PostgreSQL advisory locks: the
# internal serial is max + 1, so two issuers must not read the same maximum. SQLite's
# BEGIN IMMEDIATE already serialises writers.
_ADVISORY_KEY = 0x0C0A_1D01

RandomBelow = Callable[[int], int]

# The quasigroup table of H. Michael Damm (2004), weakly totally anti-symmetric.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_SEPARATORS = re.compile(r"[\s-]")


def check_digit(body: str) -> str:
    interim = 0
    for ch in body:
        interim = _DAMM[interim][int(ch)]
    return str(interim)


def draw(random_below: RandomBelow = secrets.randbelow) -> str:
    """A well-formed ID chosen at random; not yet issued (see `issue`)."""
    body = f"{random_below(_MODULUS):0{BODY_DIGITS}d}"
    return body + check_digit(body)


class ExhaustedDraws(RuntimeError):
    """Every draw collided: the random source is broken (never a user's mistake)."""


def issue(
    conn: Connection, issued_on: dt.date, random_below: RandomBelow = secrets.randbelow
) -> str:
    """Draw an ID never issued before, record it in issued_id and return it."""
    for _ in range(MAX_DRAWS):
        candidate = draw(random_below)
        if not conn.scalar(select(exists().where(issued_id.c.cp_id == candidate))):
            break
    else:
        raise ExhaustedDraws("No unused ContactPoint ID was drawn.")
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
    serial = int(conn.scalar(select(func.coalesce(func.max(issued_id.c.serial), 0))) or 0) + 1
    conn.execute(issued_id.insert().values(serial=serial, cp_id=candidate, issued_on=issued_on))
    return candidate


class BulkIssuer:
    """Issue many IDs inside one bulk-load transaction, checking them in memory.

    Reads every issued ID once (as integers: about 60 bytes each), so the load makes no
    query per child; the caller writes the issued_id rows, and the unique constraint still
    refuses an ID that a concurrent writer issued meanwhile (the whole load then rolls back).
    """

    def __init__(self, conn: Connection, random_below: RandomBelow = secrets.randbelow) -> None:
        self._random_below = random_below
        self._taken = {int(value) for value in conn.execute(select(issued_id.c.cp_id)).scalars()}

    def __call__(self) -> str:
        for _ in range(MAX_DRAWS):
            candidate = draw(self._random_below)
            if int(candidate) not in self._taken:
                self._taken.add(int(candidate))
                return candidate
        raise ExhaustedDraws("No unused ContactPoint ID was drawn.")


def normalise(text: str) -> str:
    """Return the canonical 12-digit form, or raise InvalidIdentifier saying what is wrong.

    Spaces and hyphens are accepted because people copy IDs as "1234 5678 9012".
    """
    if not isinstance(text, str) or len(text) > 32:
        raise InvalidIdentifier("A ContactPoint ID is 12 digits.")
    digits = _SEPARATORS.sub("", text)
    if len(digits) != BODY_DIGITS + 1 or not digits.isascii() or not digits.isdigit():
        raise InvalidIdentifier("A ContactPoint ID is 12 digits.")
    if check_digit(digits) != "0":
        # Running Damm over body + check digit yields 0 exactly when the digit is right.
        raise InvalidIdentifier(
            "That ContactPoint ID fails its check digit: please check it for a mistyped digit."
        )
    return digits


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidIdentifier:
        return False
    return True


def display(cp_id: str) -> str:
    """Group as 4-4-4 for reading aloud."""
    return f"{cp_id[0:4]} {cp_id[4:8]} {cp_id[8:12]}"
