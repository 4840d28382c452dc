"""The search pre-filter: the shield projection's rules restated as SQL.

A search first narrows candidates in the database, so that what is counted ("too many
matches") and scored is only what this viewer could see; the projection then decides again
for every match that is returned. Both must agree — tests/directory/test_search_properties.py
generates records and viewers to show it — but if they ever disagree the projection wins,
because every returned match is built from its output.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, false, not_, or_, true

from directory.anniversaries import (
    ADULT_AGE,
    ARCHIVE_VISIBLE_YEARS,
    DECEASED_KEPT_YEARS,
    latest_date_reaching,
)
from directory.criteria import ADDRESS_FIELDS
from directory.schema import child, search_entry
from directory.viewer import Role, Viewer


def _on_or_before(column: ColumnElement[dt.date], day: dt.date) -> ColumnElement[bool]:
    # Spelled out so that a NULL date is "no", never SQL's unknown, which NOT would keep.
    return and_(column.is_not(None), column <= day)


def _archived(today: dt.date, years_ago: int) -> ColumnElement[bool]:
    """Archived at least `years_ago` years before today (0: archived by today)."""
    return or_(
        child.c.date_of_birth <= latest_date_reaching(today, ADULT_AGE + years_ago),
        _on_or_before(
            child.c.date_of_death, latest_date_reaching(today, DECEASED_KEPT_YEARS + years_ago)
        ),
        _on_or_before(child.c.archived_on, latest_date_reaching(today, years_ago)),
    )


def search_clause(viewer: Viewer, fields: frozenset[str], today: dt.date) -> ColumnElement[bool]:
    """Rows of child ⋈ search_entry this viewer may find with criteria on `fields`."""
    if not viewer.reads_children:
        return false()
    manages = (
        child.c.responsible_la == viewer.local_authority
        if Role.MANAGEMENT in viewer.roles and viewer.local_authority
        else false()
    )
    live = not_(_archived(today, 0))
    archived_but_recent = and_(manages, not_(_archived(today, ARCHIVE_VISIBLE_YEARS)))
    shielded = child.c.shielded_since.is_not(None)
    # An override is for one record that is already open, never for a search.
    hides_from_viewer = and_(shielded, not_(manages))
    uses_hidden_field = bool(fields & ADDRESS_FIELDS)
    return and_(
        or_(live, archived_but_recent),
        not_(hides_from_viewer) if uses_hidden_field else true(),
        # A former name is a hidden field of a shielded record: matching on it would
        # confirm it.
        or_(not_(search_entry.c.former), not_(hides_from_viewer)),
    )
