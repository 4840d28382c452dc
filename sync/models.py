"""The directory's answers as frozen dataclasses, parsed strictly from the wire JSON.

Only the shapes the client acts on are typed (DESIGN.md 3.6, 3.7); a child's record is
passed on as the directory sent it, since the directory's projection alone decides what it
holds. Fields that identify a child, and the session token, are kept out of repr() so that
an object that reaches a log or a traceback does not carry them there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class ShapeError(ValueError):
    """A JSON body is not of the documented shape (the client turns it into MalformedResponse)."""


def _get(body: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = body.get(key)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int to isinstance: true must not pass for a score.
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ShapeError(f"'{key}' is missing or not of the documented type.")
    return value


def _optional(body: dict[str, Any], key: str, kind: type) -> Any:
    return None if body.get(key) is None else _get(body, key, kind)


def _instant(body: dict[str, Any], key: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(_get(body, key, str))
    except ValueError:
        raise ShapeError(f"'{key}' is not an ISO 8601 instant.") from None
    if value.tzinfo is None:
        raise ShapeError(f"'{key}' has no time zone.")
    return value


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError(f"The {what} is not a JSON object.")
    return value


@dataclass(frozen=True, slots=True)
class Challenge:
    """A single-use, short-lived challenge for the token to sign."""

    challenge_id: str
    nonce: str  # base64 text, exactly as sent: it is signed as text, not decoded
    expires_at: dt.datetime
    cp_id: str | None = field(default=None, repr=False)  # override challenges only

    @classmethod
    def from_json(cls, body: Any) -> Challenge:
        body = _object(body, "challenge")
        return cls(
            challenge_id=_get(body, "challenge_id", str),
            nonce=_get(body, "nonce", str),
            expires_at=_instant(body, "expires_at"),
            cp_id=_optional(body, "cp_id", str),
        )


@dataclass(frozen=True, slots=True)
class User:
    """Who is signed in, as the directory describes them."""

    name: str
    organisation: str | None
    roles: tuple[str, ...]
    local_authority: str | None

    @classmethod
    def from_json(cls, body: Any) -> User:
        body = _object(body, "user")
        roles = _get(body, "roles", list)
        if not all(isinstance(role, str) for role in roles):
            raise ShapeError("'roles' is not a list of strings.")
        return cls(
            name=_get(body, "name", str),
            organisation=_optional(body, "organisation", str),
            roles=tuple(roles),
            local_authority=_optional(body, "local_authority", str),
        )


@dataclass(frozen=True, slots=True)
class Session:
    """An open directory session. The token is a bearer secret: never logged, never shown."""

    token: str = field(repr=False)
    expires_at: dt.datetime
    user: User

    @classmethod
    def from_json(cls, body: Any) -> Session:
        body = _object(body, "session")
        return cls(
            token=_get(body, "token", str),
            expires_at=_instant(body, "expires_at"),
            user=User.from_json(body.get("user")),
        )


@dataclass(frozen=True, slots=True)
class Match:
    """One search match: what the client acts on, and the whole summary as sent."""

    cp_id: str = field(repr=False)
    score: float
    shielded: bool
    summary: dict[str, Any] = field(repr=False, hash=False)

    @classmethod
    def from_json(cls, body: Any) -> Match:
        body = _object(body, "match")
        return cls(
            cp_id=_get(body, "cp_id", str),
            score=float(_get(body, "score", (int, float))),
            shielded=_get(body, "shielded", bool),
            summary=dict(body),
        )


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The matches, and whether there were too many to list (then `message` says why)."""

    matches: tuple[Match, ...]
    too_many: bool
    message: str | None = None

    @classmethod
    def from_json(cls, body: Any) -> SearchResult:
        body = _object(body, "search result")
        return cls(
            matches=tuple(Match.from_json(m) for m in _get(body, "matches", list)),
            too_many=_get(body, "too_many", bool),
            message=_optional(body, "message", str),
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
    def from_json(cls, body: Any) -> OverrideReasonItem:
        body = _object(body, "override reason")
        return cls(code=_get(body, "code", str), label=_get(body, "label", str))


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
        body = _object(body, "override reasons")
        reasons = tuple(OverrideReasonItem.from_json(r) for r in _get(body, "reasons", list))
        if not reasons:
            raise ShapeError("'reasons' is empty: an override needs a reason from the list.")
        min_characters = _get(body, "justification_min_characters", int)
        min_words = _get(body, "justification_min_words", int)
        if min_characters < 0 or min_words < 0:
            raise ShapeError("The justification minimums must not be negative.")
        return cls(
            reasons=reasons,
            rule=_get(body, "justification_rule", str),
            min_characters=min_characters,
            min_words=min_words,
        )
