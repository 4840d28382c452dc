"""What the cache hands back: a cached view with its age, and counts for diagnostics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], dt.datetime]  # timezone-aware "now"; tests inject their own


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_seconds(moment: dt.datetime) -> float:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Cache times must be timezone-aware.")
    return moment.timestamp()


def from_seconds(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


@dataclass(frozen=True, slots=True)
class CachedRecord:
    """A view as the directory sent it, read-only, with when it was fetched and expires.

    `body` is parsed afresh for each read, so changing it changes nothing cached.
    """

    cp_id: str
    body: dict[str, Any] = field(repr=False)  # a child's details: never in a repr or log
    fetched_at: dt.datetime
    expires_at: dt.datetime

    def age(self, now: dt.datetime) -> dt.timedelta:
        """How old the view is at `now` (for "as of 09:12, 3 hours ago")."""
        return max(dt.timedelta(0), now - self.fetched_at)


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Counts for the diagnostics view: no IDs, no names."""

    entries: int
    file_bytes: int
    oldest_fetched_at: dt.datetime | None
    lifetime: dt.timedelta
