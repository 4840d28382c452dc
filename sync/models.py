"""The directory's answers as frozen dataclasses, parsed strictly from the wire JSON.

Only the shapes the client acts on are typed (DESIGN.md 3.6, 3.7); a child's record is
passed on as the directory sent it, since the directory's projection alone decides what it
holds. Fields that identify a child, and the session token, are kept out of repr() so that
an object that reaches a log or a traceback does not carry them there. Every answer is read
with the contract's Reader (contract.reader), whose ShapeError the client turns into
MalformedResponse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from contract.reader import Reader, ShapeError


@dataclass(frozen=True, slots=True)
class Challenge:
    """A single-use, short-lived challenge for the token to sign."""

    challenge_id: str
    nonce: str  # base64 text, exactly as sent: it is signed as text, not decoded
    expires_at: dt.datetime
    cp_id: str | None = field(default=None, repr=False)  # override challenges only

    @classmethod
    def from_json(cls, body: Any) -> Challenge:
        r = Reader(body, "challenge")
        return cls(
            challenge_id=r.text("challenge_id"),
            nonce=r.text("nonce"),
            expires_at=r.instant("expires_at"),
            cp_id=r.optional_text("cp_id"),
        )


@dataclass(frozen=True, slots=True)
class User:
    """Who is signed in, as the directory describes them."""

    name: str
    organisation: str | None
    roles: tuple[str, ...]
    local_authority: str | None

    @classmethod
    def read(cls, r: Reader) -> User:
        return cls(
            name=r.text("name"),
            organisation=r.optional_text("organisation"),
            roles=r.texts("roles"),
            local_authority=r.optional_text("local_authority"),
        )


@dataclass(frozen=True, slots=True)
class Session:
    """An open directory session. The token is a bearer secret: never logged, never shown."""

    token: str = field(repr=False)
    expires_at: dt.datetime
    user: User

    @classmethod
    def from_json(cls, body: Any) -> Session:
        r = Reader(body, "session")
        return cls(
            token=r.text("token"),
            expires_at=r.instant("expires_at"),
            user=User.read(r.section("user")),
        )


@dataclass(frozen=True, slots=True)
class Match:
    """One search match: what the client acts on, and the whole summary as sent."""

    cp_id: str = field(repr=False)
    score: float
    shielded: bool
    summary: dict[str, Any] = field(repr=False, hash=False)

    @classmethod
    def read(cls, r: Reader) -> Match:
        return cls(
            cp_id=r.text("cp_id"),
            score=r.real("score"),
            shielded=r.flag("shielded"),
            summary=r.fields(),
        )


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The matches, and whether there were too many to list (then `message` says why)."""

    matches: tuple[Match, ...]
    too_many: bool
    message: str | None = None

    @classmethod
    def from_json(cls, body: Any) -> SearchResult:
        r = Reader(body, "search result")
        return cls(
            matches=r.items("matches", Match.read),
            too_many=r.flag("too_many"),
            message=r.optional_text("message"),
        )


@dataclass(frozen=True, slots=True)
class OverrideResult:
    """The full record for this one view (never cached), and the alert it raised."""

    view: dict[str, Any] = field(repr=False, hash=False)
    alert_reference: str | None


@dataclass(frozen=True, slots=True)
class OverrideReasonItem:
    """One reason on the directory's published list: the code sent back, the label shown."""

    code: str
    label: str

    @classmethod
    def read(cls, r: Reader) -> OverrideReasonItem:
        return cls(code=r.text("code"), label=r.text("label"))


@dataclass(frozen=True, slots=True)
class OverrideReasons:
    """The published override reasons and the justification rule, in words and in numbers.

    The client checks a justification with the numbers before sending it so that the
    person is told at once; the directory checks it again whatever the client did.
    """

    reasons: tuple[OverrideReasonItem, ...]
    rule: str
    min_characters: int
    min_words: int

    @classmethod
    def from_json(cls, body: Any) -> OverrideReasons:
        r = Reader(body, "override reasons")
        reasons = r.items("reasons", OverrideReasonItem.read)
        if not reasons:
            raise ShapeError("'reasons' is empty: an override needs a reason from the list.")
        min_characters = r.number("justification_min_characters")
        min_words = r.number("justification_min_words")
        if min_characters < 0 or min_words < 0:
            raise ShapeError("The justification minimums must not be negative.")
        return cls(
            reasons=reasons,
            rule=r.text("justification_rule"),
            min_characters=min_characters,
            min_words=min_words,
        )


def read_record(body: Any) -> dict[str, Any]:
    """A child view, passed on as sent: desktop.records.RecordModel reads its fields."""
    return Reader(body, "record").fields()


def read_cacheable(body: Any) -> set[str]:
    """The IDs of POST /v1/children/cacheable's answer."""
    return set(Reader(body, "cacheable answer").texts("cacheable"))


def read_receipt(body: Any) -> dict[str, str]:
    """The {reference, message} of a request sent to a management team; neither empty."""
    r = Reader(body, "receipt")
    receipt = {key: r.text(key) for key in ("reference", "message")}
    if not all(receipt.values()):
        raise ShapeError("The receipt lacks its reference or message.")
    return receipt
