"""The workspace's worklists, by key, and which of them a user has.

The keys name the tabs (ui/), the counts (`counts_changed`) and the poll's lists; the
roles are the directory's (DESIGN.md 3.6.1): the management team works every list, a
shield officer the shield requests and the reviews, anyone else none. The directory
enforces who may see what; this only decides what the client asks for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

ListKey = Literal["alerts", "contact", "shield", "reviews"]

# In the order the tabs show them.
WORKLISTS: Final[tuple[ListKey, ...]] = ("alerts", "contact", "shield", "reviews")

_BY_ROLE: Final[dict[str, frozenset[ListKey]]] = {
    "management": frozenset(WORKLISTS),
    "shield_officer": frozenset({"shield", "reviews"}),
}


def lists_for(roles: Iterable[str]) -> tuple[ListKey, ...]:
    """The worklists a user with `roles` works, in tab order (empty: no workspace)."""
    mine: set[ListKey] = set()
    for role in roles:
        mine |= _BY_ROLE.get(role, frozenset())
    return tuple(key for key in WORKLISTS if key in mine)
