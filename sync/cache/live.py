"""Which stored entries are live, and what a stored row reads as: the one rule every read
of the cache applies (sync.cache.store), so that no read can return an expired view.

A view fetched "later than now" means the clock went back: it is treated as expired rather
than trusted for longer than its lifetime, with a little slack for clock adjustment. Live:
not past its own expiry, nor past the current policy's lifetime (a policy that shortened
the lifetime applies to what is already cached), nor fetched in the future.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sync.cache.models import CachedRecord, from_seconds

CLOCK_SLACK = dt.timedelta(minutes=5)
LIVE = "expires_at > :now AND fetched_at > :earliest AND fetched_at <= :latest"
COLUMNS = "cp_id, body, fetched_at, expires_at"


def live_window(now: float, lifetime: dt.timedelta) -> dict[str, float]:
    """The parameters of `LIVE` at `now` (seconds since the epoch)."""
    return {
        "now": now,
        "earliest": now - lifetime.total_seconds(),
        "latest": now + CLOCK_SLACK.total_seconds(),
    }


def record_of(row: tuple[Any, ...], lifetime: dt.timedelta) -> CachedRecord:
    """A row of `COLUMNS` as the entry it holds, expiring at the sooner of its own expiry
    and the current lifetime."""
    cp_id, body, fetched_at, expires_at = row
    expires = min(expires_at, fetched_at + lifetime.total_seconds())
    return CachedRecord(
        str(cp_id), json.loads(body), from_seconds(fetched_at), from_seconds(expires)
    )
