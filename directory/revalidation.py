"""Which of a client's cached records it may still keep (`POST /v1/children/cacheable`).

A client that comes online (sign-in, unlock, the network back) sends the IDs in its cache
and drops every one not in the answer at once, so that a child shielded, archived or
otherwise hidden since it was cached cannot be read offline any longer (DESIGN.md 4).

An ID is in the answer when the record's view for this user now is cacheable at the
standard level — what `GET /v1/children/{cp_id}` would send with `cacheable: true` and
the details shown. A shielded view is not confirmed, though it is cacheable: the client
cannot tell the directory which view it holds, and a standard view cached before the
shield must not survive it; a cached shielded view is dropped too, and the next view
fetches it again. Unknown, hidden, archived and malformed IDs are all simply absent, so
the answer says nothing a new view would not.

The answer covers only children this user viewed, with a view that could be cached, within
the longest a cache may keep one (CACHE_WINDOW, the client's 24-hour ceiling): a client
cannot hold anything else, and so the endpoint cannot be used to learn about children the
user has not looked at. Each call also counts as one view against the per-user limits
(directory.actions.fishing), so that polling it is not free either: an honest client calls
it a few times a day. Each call is audited as `revalidate` with the IDs returned, which are
what it told the user; nothing the user asked about beyond how many.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import Connection, select

from contract.levels import Level
from directory import cpid
from directory.errors import InvalidIdentifier
from directory.projection import project
from directory.records import load
from directory.schema import audit_log
from directory.viewer import Viewer

ACTION = "revalidate"
MAX_IDS = 500
CACHE_WINDOW = dt.timedelta(hours=24)
# The levels of a view that a client may have cached (sync.cache.rules.CACHEABLE_LEVELS).
_CACHED_LEVELS = frozenset({Level.STANDARD.value, Level.SHIELDED.value})


def well_formed(cp_ids: Sequence[str]) -> list[str]:
    """The normalised IDs, each once, in the order asked; malformed ones left out."""
    found: dict[str, None] = {}
    for text in cp_ids:
        try:
            found[cpid.normalise(text)] = None
        except InvalidIdentifier:
            continue
    return list(found)


def still_cacheable(
    conn: Connection, viewer: Viewer, asked: Sequence[str], now: dt.datetime, today: dt.date
) -> list[str]:
    """The IDs among `asked` (normalised) that this viewer may still keep cached."""
    held = _recently_cached(conn, viewer.user_id, now)
    kept = []
    for cp_id in asked:
        if cp_id not in held:
            continue
        record = load(conn, cp_id)
        view = None if record is None else project(record, viewer, today)
        if view is not None and view.cacheable and view.level is Level.STANDARD:
            kept.append(cp_id)
    return kept


def _recently_cached(conn: Connection, actor: str, now: dt.datetime) -> set[str]:
    """IDs the user was sent a cacheable view of within CACHE_WINDOW, from the audit log.

    A record view's audit row holds the ID and the level served (directory.service); a
    refused view has no level. The (actor, action, at) index keeps this a range probe over
    the user's own views of one day: at most the daily limit, and the refusals of someone
    who kept asking past it.
    """
    details = conn.scalars(
        select(audit_log.c.detail).where(
            audit_log.c.actor == actor,
            audit_log.c.action == "child_view",
            audit_log.c.at > now - CACHE_WINDOW,
        )
    )
    held: set[str] = set()
    for text in details:
        detail = json.loads(text)
        if detail.get("level") in _CACHED_LEVELS and isinstance(detail.get("cp_id"), str):
            held.add(detail["cp_id"])
    return held
