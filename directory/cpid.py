"""ContactPoint IDs: twelve digits, the last a Damm check digit.

The Damm algorithm detects every single-digit error and every adjacent transposition,
the two mistakes people make when reading an ID over the phone. IDs are derived from a
monotonically increasing serial through a bijection on 11-digit numbers, so that two
serials never give the same ID, an ID is never reused (the serial never goes back), and
consecutive children do not get guessable consecutive IDs.
"""

from __future__ import annotations

import re

from directory.errors import InvalidIdentifier

BODY_DIGITS = 11
_MODULUS = 10**BODY_DIGITS
# Multiplier coprime with 10**11, so serial -> body is a permutation of 0..10**11-1.
_MULTIPLIER = 61_803_398_877
_OFFSET = 27_182_818_284

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


def from_serial(serial: int) -> str:
    """The ID for the serial-th child ever registered (serial >= 1)."""
    if not 1 <= serial < _MODULUS:
        raise ValueError("serial out of range")
    body = f"{(serial * _MULTIPLIER + _OFFSET) % _MODULUS:0{BODY_DIGITS}d}"
    return body + check_digit(body)


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
