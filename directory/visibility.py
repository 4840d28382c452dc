"""The search pre-filter: the shield projection's rules restated as SQL.

A search first narrows candidates in the database, so that what is counted ("too many
matches") and scored is only what this viewer could see; the projection then decides again
for every match that is returned. Both must agree — tests/directory/test_search_properties.py
generates records and viewers to show it — but if they ever disagree the projection wins,
because every returned match is built from its output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, false, not_, or_, true

from directory.anniversaries import (
    ADULT_AGE,
    ARCHIVE_VISIBLE_YEARS,
    DECEASED_KEPT_YEARS,
    latest_date_reaching,
)
from directory.criteria import ADDRESS_FIELDS
from directory.schema import child, search_entry
from directory.viewer import Role, Viewer


def _on_or_before(column: ColumnElement[dt.date], day: Any) -> ColumnElement[bool]:
    # Spelled out so that a NULL date is "no", never SQL's unknown, which NOT would keep.
    return and_(column.is_not(None), column <= day)


def _archived(prefix: str) -> ColumnElement[bool]:
    """Archived on or before the cutoffs named `prefix`_* (see parameters())."""
    return or_(
        child.c.date_of_birth <= bindparam(f"{prefix}_birth"),
        _on_or_before(child.c.date_of_death, bindparam(f"{prefix}_death")),
        _on_or_before(child.c.archived_on, bindparam(f"{prefix}_archived")),
    )


@dataclass(frozen=True, slots=True)
class Shape:
    """What the clause's structure depends on; values travel as bound parameters."""

    reads_children: bool
    manager: bool
    hidden_criteria: bool


def shape(viewer: Viewer, fields: frozenset[str]) -> Shape:
    return Shape(
        reads_children=viewer.reads_children,
        manager=Role.MANAGEMENT in viewer.roles and bool(viewer.local_authority),
        hidden_criteria=bool(fields & ADDRESS_FIELDS),
    )


def clause(s: Shape) -> ColumnElement[bool]:
    """Rows of child ⋈ search_entry a viewer of this shape may find (values: parameters())."""
    if not s.reads_children:
        return false()
    manages = child.c.responsible_la == bindparam("vis_la") if s.manager else false()
    live = not_(_archived("vis_live"))
    archived_but_recent = and_(manages, not_(_archived("vis_recent")))
    shielded = child.c.shielded_since.is_not(None)
    # An override is for one record that is already open, never for a search.
    hides_from_viewer = and_(shielded, not_(manages))
    return and_(
        or_(live, archived_but_recent),
        not_(hides_from_viewer) if s.hidden_criteria else true(),
        # A former name is a hidden field of a shielded record: matching on it would
        # confirm it.
        or_(not_(search_entry.c.former), not_(hides_from_viewer)),
    )


def parameters(viewer: Viewer, today: dt.date) -> dict[str, object]:
    """The values clause() binds: the viewer's authority and today's archive cutoffs."""
    params: dict[str, object] = {"vis_la": viewer.local_authority}
    for prefix, years_ago in (("vis_live", 0), ("vis_recent", ARCHIVE_VISIBLE_YEARS)):
        params[f"{prefix}_birth"] = latest_date_reaching(today, ADULT_AGE + years_ago)
        params[f"{prefix}_death"] = latest_date_reaching(today, DECEASED_KEPT_YEARS + years_ago)
        params[f"{prefix}_archived"] = latest_date_reaching(today, years_ago)
    return params
