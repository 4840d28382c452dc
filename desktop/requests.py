"""What the action dialogs produce and what they need: plain values, checked once, here.

Each draft checks itself in `__post_init__` against the rules the directory applies
(`directory/actions/*`), so that a dialog can build one to find out what is still wrong
and show the message inline, and nothing the directory would refuse for its shape ever
leaves the client. The directory checks everything again: these checks only spare the
practitioner a round trip. Dates "not in the future" are left to the dialogs, which know
what today is; a draft is a pure value.

Free text (justifications, messages, notes) and the practitioner's own contact details
are personal data: they are left out of every repr, so a stray log line cannot carry them.
A PIN lives only in a bytearray that `OverrideDraft.wipe()` zeroes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from contract.codes import ConsentBasis, ShieldReason
from contract.limits import (
    EMAIL,
    MAX_EMAIL_CHARACTERS,
    MAX_JUSTIFICATION_CHARACTERS,
    MAX_MESSAGE_CHARACTERS,
    MAX_NOTE_CHARACTERS,
    MAX_ROLE_CHARACTERS,
    PHONE,
    justification_characters,
    justification_words,
    storable,
)
from devices import wipe

# (code, label) for each of the contract's codes, in its order.
CONSENT_BASES: tuple[tuple[str, str], ...] = (
    (ConsentBasis.CHILD_CONSENT, "The child's consent"),
    (ConsentBasis.SIGNIFICANT_HARM, "Reasonable cause to suspect significant harm"),
)
SHIELD_REASONS: tuple[tuple[str, str], ...] = (
    (ShieldReason.DOMESTIC_VIOLENCE, "Domestic violence"),
    (ShieldReason.WITNESS_PROTECTION, "Witness protection"),
    (ShieldReason.ADOPTION_PLACEMENT, "Adoption placement"),
    (ShieldReason.RISK_OF_ABDUCTION, "Risk of abduction"),
    (ShieldReason.OTHER_SERIOUS_RISK, "Another serious risk to the child"),
)
_CONSENT_CODES = frozenset(ConsentBasis)
_SHIELD_CODES = frozenset(ShieldReason)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _storable_problem(text: str, what: str) -> str | None:
    """Why the directory could not store `text` (contract.limits.storable), if it cannot."""
    if not storable(text):
        return f"The {what} contains characters that cannot be stored."
    return None


def free_text(value: str, what: str, longest: int, missing: str) -> str:
    """`value` stripped, or ValueError saying what is wrong with it (`missing` when empty)."""
    cleaned = value.strip()
    if not cleaned:
        raise ValueError(missing)
    problem = _storable_problem(cleaned, what)
    if problem is not None:
        raise ValueError(problem)
    if len(cleaned) > longest:
        raise ValueError(f"The {what} can be at most {longest} characters.")
    return cleaned


@dataclass(frozen=True, slots=True)
class OverrideReason:
    """One reason from the directory's published list (GET /v1/reference/override-reasons)."""

    code: str
    label: str

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("An override reason needs a code.")
        if not self.label.strip():
            raise ValueError("An override reason needs a label to show.")


@dataclass(frozen=True, slots=True)
class JustificationRule:
    """How much a shield-override justification must say, as the directory publishes it.

    Counted exactly as the directory counts, by the contract's rule (contract.limits):
    characters after runs of whitespace are reduced to one space and the ends stripped, and
    DISTINCT words case-insensitively, so "urgent urgent urgent" is one word.
    """

    text: str
    min_characters: int
    min_words: int
    max_characters: int = MAX_JUSTIFICATION_CHARACTERS

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("The justification rule needs its wording to show.")
        if self.min_characters < 1 or self.min_words < 1:
            raise ValueError("The justification rule needs at least one character and one word.")
        if self.max_characters < self.min_characters:
            raise ValueError("The justification rule's maximum is below its minimum.")

    characters = staticmethod(justification_characters)
    words = staticmethod(justification_words)

    def problems(self, justification: str) -> tuple[str, ...]:
        """What is still missing or wrong, in words; empty when the directory would accept it."""
        found: list[str] = []
        characters = self.characters(justification)
        words = self.words(justification)
        if characters < self.min_characters:
            missing = self.min_characters - characters
            found.append(f"Write {_plural(missing, 'more character', 'more characters')}.")
        if words < self.min_words:
            missing = self.min_words - words
            found.append(f"Use {_plural(missing, 'more different word', 'more different words')}.")
        # The directory measures the length before tidying whitespace (only the ends stripped).
        if len(justification.strip()) > self.max_characters:
            found.append(f"Shorten the justification to at most {self.max_characters} characters.")
        storable = _storable_problem(justification, "justification")
        if storable is not None:
            found.append(storable)
        return tuple(found)


@dataclass(frozen=True, slots=True, eq=False)
class OverrideDraft:
    """A shield override the practitioner has asked for, with the PIN that confirms it.

    `pin` is the only copy of the PIN the client controls: whoever uses it calls `wipe()`
    (or hands it to `smartcard.Token.login`, which zeroes it). It is empty when the reader
    has a PIN pad, where the PIN never passes through this program.
    """

    reason_code: str
    justification: str = field(repr=False)
    pin: bytearray = field(repr=False)

    def __post_init__(self) -> None:
        if not self.reason_code.strip():
            raise ValueError("Choose a reason for the override.")
        if not self.justification.strip():
            raise ValueError("Write a justification for the override.")
        if not isinstance(self.pin, bytearray):
            # bytes or str could not be wiped: refuse them rather than keep a copy we cannot clear.
            raise TypeError("The PIN must be given as a bytearray, so that it can be wiped.")

    def wipe(self) -> None:
        """Zero the PIN in place. Idempotent."""
        wipe(self.pin)


@dataclass(frozen=True, slots=True)
class InvolvementDraft:
    """The practitioner's own involvement with a child, as InvolvementRequest carries it.

    Who the practitioner is and which organisation they work for come from their sign-in,
    not from here (directory/actions/involvements.py). Text is stored stripped, and an
    empty email is None.
    """

    practitioner_role: str
    phone: str = field(repr=False)
    email: str | None = field(repr=False)
    start_date: dt.date
    lead_professional: bool = False
    caf: bool = False
    caf_started: dt.date | None = None
    caf_completed: dt.date | None = None
    consent_basis: str | None = None

    def __post_init__(self) -> None:
        # Frozen: the tidied values replace the given ones through object.__setattr__.
        role = free_text(
            self.practitioner_role,
            "role",
            MAX_ROLE_CHARACTERS,
            "Give your role, for example health visitor or class teacher.",
        )
        object.__setattr__(self, "practitioner_role", role)
        phone = self.phone.strip()
        if not phone:
            raise ValueError("Give a phone number other practitioners can reach you on.")
        if not PHONE.match(phone):
            raise ValueError("The phone number must be 6 to 20 digits, spaces or + ( ) -.")
        object.__setattr__(self, "phone", phone)
        email = None if self.email is None or not self.email.strip() else self.email.strip()
        if email is not None and (len(email) > MAX_EMAIL_CHARACTERS or not EMAIL.match(email)):
            raise ValueError("The email address is not valid.")
        object.__setattr__(self, "email", email)
        self._check_caf()
        if self.consent_basis is not None and self.consent_basis not in _CONSENT_CODES:
            known = ", ".join(sorted(_CONSENT_CODES))
            raise ValueError(f"The consent basis is one of {known}.")

    def _check_caf(self) -> None:
        if not self.caf and (self.caf_started is not None or self.caf_completed is not None):
            raise ValueError("CAF dates are given only when a CAF is recorded.")
        if self.caf_completed is not None and (
            self.caf_started is None or self.caf_completed < self.caf_started
        ):
            raise ValueError("A completed CAF needs a start date on or before its completion.")

    def as_json(self) -> dict[str, Any]:
        """The body of POST /v1/children/{cp_id}/involvements (InvolvementRequest)."""
        return {
            "practitioner_role": self.practitioner_role,
            "phone": self.phone,
            "email": self.email,
            "start_date": self.start_date.isoformat(),
            "lead_professional": self.lead_professional,
            "caf": self.caf,
            "caf_started": _iso(self.caf_started),
            "caf_completed": _iso(self.caf_completed),
            "consent_basis": self.consent_basis,
        }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True, slots=True)
class CeaseDraft:
    """The date the practitioner's organisation stopped working with the child."""

    ceased_date: dt.date

    def __post_init__(self) -> None:
        if not isinstance(self.ceased_date, dt.date):
            raise TypeError("The ceased date must be a date.")

    def as_json(self) -> dict[str, Any]:
        """The body of PATCH .../involvements/{id} (CeaseInvolvementRequest)."""
        return {"ceased_date": self.ceased_date.isoformat()}


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """A request to the management team to broker contact; passed on as written."""

    message: str = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "message",
            free_text(
                self.message,
                "message",
                MAX_MESSAGE_CHARACTERS,
                "Write a message for the management team.",
            ),
        )

    def as_json(self) -> dict[str, Any]:
        """The body of POST .../contact-requests (ContactRequestBody)."""
        return {"message": self.message}


@dataclass(frozen=True, slots=True)
class ShieldDraft:
    """A request that the child's record be shielded, for the shield officers to decide."""

    reason_category: str
    note: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.reason_category not in _SHIELD_CODES:
            raise ValueError("Choose the reason the record should be shielded.")
        note = free_text(
            self.note,
            "note",
            MAX_NOTE_CHARACTERS,
            "Write a note saying why the record should be shielded.",
        )
        object.__setattr__(self, "note", note)

    @property
    def reason_label(self) -> str:
        return dict(SHIELD_REASONS)[self.reason_category]

    def as_json(self) -> dict[str, Any]:
        """The body of POST .../shield-requests (ShieldRequestBody)."""
        return {"reason_category": self.reason_category, "note": self.note}
