"""Search results as the results view shows them: one row per match, and the message.

Built from sync's wire models so that ui/ never sees them. A row shows only what the
directory sent for that match: a shielded match comes without town or postcode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sync import Match, SearchResult


@dataclass(frozen=True, slots=True)
class ResultRow:
    cp_id: str = field(repr=False)
    family_name: str = field(repr=False)
    given_name: str = field(repr=False)
    date_of_birth: str = field(repr=False)  # ISO date, as sent
    gender: str
    score: float  # 0..1; 1.0 for every exact match
    shielded: bool
    town: str | None = field(default=None, repr=False)
    postcode: str | None = field(default=None, repr=False)

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def score_label(self) -> str:
        return f"{round(self.score * 100)}%"

    @classmethod
    def from_match(cls, match: Match) -> ResultRow:
        return cls.from_summary(match.cp_id, match.score, match.shielded, match.summary)

    @classmethod
    def from_summary(
        cls, cp_id: str, score: float, shielded: bool, summary: Mapping[str, Any]
    ) -> ResultRow:
        """A row from a match summary as the directory sends it (town and postcode only
        when the viewer may see them)."""

        def text(key: str) -> str:
            value = summary.get(key)
            return value if isinstance(value, str) else ""

        def optional(key: str) -> str | None:
            value = summary.get(key)
            return value if isinstance(value, str) else None

        return cls(
            cp_id=cp_id,
            family_name=text("family_name"),
            given_name=text("given_name"),
            date_of_birth=text("date_of_birth"),
            gender=text("gender"),
            score=score,
            shielded=shielded,
            town=optional("town"),
            postcode=optional("postcode"),
        )


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """The rows, or none and the directory's reason (too many matches)."""

    rows: tuple[ResultRow, ...]
    too_many: bool
    message: str | None = None
    # Rows from this user's encrypted cache while the directory cannot be reached.
    offline: bool = False

    @classmethod
    def from_result(cls, result: SearchResult) -> SearchOutcome:
        return cls(
            rows=tuple(ResultRow.from_match(m) for m in result.matches),
            too_many=result.too_many,
            message=result.message,
        )
