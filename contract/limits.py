"""Field limits and text rules: what the directory accepts, so the client can say so first.

The directory enforces every rule here (its request models and directory.actions); the
client checks the same rules before sending only to spare the practitioner a round trip.
Lengths are counted in characters after the ends are stripped.
"""

from __future__ import annotations

import re

MAX_PASSWORD_CHARACTERS = 1024  # the login password (POST /v1/auth/sessions)
MAX_ROLE_CHARACTERS = 100  # an involvement's practitioner_role
MAX_PHONE_CHARACTERS = 20  # an involvement's phone
MAX_EMAIL_CHARACTERS = 200  # an involvement's email
MAX_MESSAGE_CHARACTERS = 2000  # a contact request's message
MAX_NOTE_CHARACTERS = 2000  # a shield request's or an alert's note
MAX_JUSTIFICATION_CHARACTERS = 2000  # a shield override's justification

# An involvement's contact details.
PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Free text keeps line breaks and tabs; any other control character is refused rather than
# stripped: a NUL cannot be stored in PostgreSQL text, and the rest have no place in a note.
_ALLOWED_CONTROLS = frozenset("\n\r\t")


def storable(text: str) -> bool:
    """Whether the directory can store `text` as free text (no stray control characters)."""
    return not any((ord(ch) < 0x20 and ch not in _ALLOWED_CONTROLS) or ch == "\x7f" for ch in text)


# --- The justification rule of a shield override (DESIGN.md 3.3) -------------------------
#
# The directory publishes the minimums with its override reasons; these are its defaults.
# A justification must have at least MIN_JUSTIFICATION_CHARACTERS characters, counted after
# runs of whitespace are reduced to one space, and MIN_JUSTIFICATION_WORDS DIFFERENT words,
# so that "x" or "urgent urgent urgent" is refused.
MIN_JUSTIFICATION_CHARACTERS = 40
MIN_JUSTIFICATION_WORDS = 6
# A word is two or more letters in any script: digits, punctuation and single letters do
# not make a justification.
_WORD = re.compile(r"[^\W\d_]{2,}")


def tidy_justification(text: str) -> str:
    """The justification as it is kept and counted: runs of whitespace become one space."""
    return " ".join(text.split())


def justification_characters(text: str) -> int:
    return len(tidy_justification(text))


def justification_words(text: str) -> int:
    """How many different words, compared case-insensitively."""
    return len({word.casefold() for word in _WORD.findall(text)})
