"""What may be cached and for how long (DESIGN.md 4).

Lifetime: the machine policy's cache hours; 8 by default, never more than 24, and a
lifetime of zero means no cache at all (the caller does not open one).

Cacheable: only a child view the directory marked `"cacheable": true`, at a level that
may be kept (standard, shielded). Override views (one view, after a justification) and
management views (the team's full picture) are refused even if a directory ever marked
them cacheable: the client checks both, belt and braces. Search criteria and result lists
have no way in: `put` takes only a child view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sync.cache.errors import NotCacheable

DEFAULT_LIFETIME = dt.timedelta(hours=8)
MAX_LIFETIME = dt.timedelta(hours=24)
CACHEABLE_LEVELS = frozenset({"standard", "shielded"})
NEVER_CACHED_LEVELS = frozenset({"override", "management"})


def check_lifetime(lifetime: dt.timedelta) -> dt.timedelta:
    if not isinstance(lifetime, dt.timedelta):
        raise TypeError("The cache lifetime is a timedelta.")
    if lifetime <= dt.timedelta(0):
        raise ValueError("The cache lifetime must be positive (no cache: do not open one).")
    if lifetime > MAX_LIFETIME:
        raise ValueError("The cache lifetime may not exceed 24 hours.")
    return lifetime


def compact_id(cp_id: str) -> str:
    """The ID without the spaces and hyphens people copy it with (as the directory does)."""
    if not isinstance(cp_id, str):
        raise ValueError("A ContactPoint ID is text.")
    compact = cp_id.replace(" ", "").replace("-", "")
    if not compact or len(compact) > 32 or not compact.isascii() or not compact.isalnum():
        raise ValueError("A ContactPoint ID holds only digits, spaces and hyphens.")
    return compact


def require_cacheable(cp_id: str, body: Mapping[str, Any]) -> str:
    """The compact ID under which `body` may be cached, or `NotCacheable` saying why not."""
    if not isinstance(body, Mapping):
        raise NotCacheable("Only a child's record view can be cached.")
    level = body.get("level")
    if level in NEVER_CACHED_LEVELS:
        raise NotCacheable("Override and management views are never cached.")
    if body.get("cacheable") is not True:
        raise NotCacheable("The directory did not mark this view as one that may be cached.")
    if level not in CACHEABLE_LEVELS:
        raise NotCacheable("Only standard and shielded views can be cached.")
    key = compact_id(cp_id)
    sent = body.get("cp_id")
    if not isinstance(sent, str) or compact_id(sent) != key:
        raise NotCacheable("The view is not the record it was filed under.")
    return key
