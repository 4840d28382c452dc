"""The conditions the training scenarios are chosen by (desktop.training.scenarios): SQL
expressions over the synthetic population, and the child ids they select in id order, so
that one seed, one size and one day give the same children every time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Connection, and_, exists, func, select

from directory.anniversaries import ADULT_AGE, ARCHIVE_VISIBLE_YEARS, latest_date_reaching
from directory.schema import child, child_carer, involvement

LIVE_MARGIN_YEARS = 1  # how long a live scenario child stays live after prepare


def alive() -> ColumnElement[bool]:
    return child.c.date_of_death.is_(None)


def unshielded() -> ColumnElement[bool]:
    return child.c.shielded_since.is_(None)


def stays_live(today: dt.date) -> ColumnElement[bool]:
    """Not archived, alive, and not 18 for at least LIVE_MARGIN_YEARS."""
    cutoff = latest_date_reaching(today, ADULT_AGE - LIVE_MARGIN_YEARS)
    return and_(child.c.archived_on.is_(None), alive(), child.c.date_of_birth > cutoff)


def recently_archived(today: dt.date) -> ColumnElement[bool]:
    """Archived, but still visible to the responsible authority's management team."""
    return and_(
        child.c.archived_on.is_not(None),
        child.c.archived_on > latest_date_reaching(today, ARCHIVE_VISIBLE_YEARS),
        child.c.date_of_birth > latest_date_reaching(today, ADULT_AGE + ARCHIVE_VISIBLE_YEARS),
    )


def has_sensitive_involvement() -> ColumnElement[bool]:
    return exists().where(
        involvement.c.child_id == child.c.id,
        involvement.c.sensitive_category.is_not(None),
        involvement.c.ceased_date.is_(None),
    )


def has_carer() -> ColumnElement[bool]:
    return exists().where(child_carer.c.child_id == child.c.id)


def involvement_count() -> ColumnElement[int]:
    return (
        select(func.count())
        .select_from(involvement)
        .where(involvement.c.child_id == child.c.id)
        .scalar_subquery()
    )


# -- reading cards -----------------------------------------------------------------------


def ids(conn: Connection, *where: ColumnElement[bool], limit: int | None = None) -> list[int]:
    query = select(child.c.id).where(*where).order_by(child.c.id)
    if limit is not None:
        query = query.limit(limit)
    return [int(i) for i in conn.scalars(query)]


def first(conn: Connection, *where: ColumnElement[bool]) -> int | None:
    found = ids(conn, *where, limit=1)
    return found[0] if found else None
