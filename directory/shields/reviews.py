"""The reviews worklist (GET /v1/shields/reviews, DESIGN.md 3.6.1): the caller's authority's
shields that are unconfirmed, have a lift pending, or are due for review within 30 days or
overdue. Shield officers and the management team of an authority see it; others are refused.

The database narrows the candidates through the partial index of 0010; the machine's `due`
decides which stay and why, and each must still be visible to the caller through the
projection (a shield officer does not see an archived child, the team does for a year).
Entries name the child by ContactPoint ID only. Listing is audited (which IDs were shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select

from contract.codes import ShieldDue
from contract.team_shapes import ShieldReviewsBody
from directory import audit
from directory.actions.lookup import visible_child
from directory.actions.refusals import refused
from directory.auth.instants import utc
from directory.errors import DirectoryError, NotAllowed
from directory.schema import child
from directory.shields import machine, store
from directory.shields.lifecycle import ShieldStatus
from directory.viewer import Viewer
from directory.worklists.paging import MAX_PAGE_SIZE, check_page

__all__ = ["MAX_PAGE_SIZE", "ReviewPage", "list_reviews"]

ACTION = "shield_reviews_list"
_ORDER = {ShieldDue.OVERDUE: 0, ShieldDue.LIFT_PENDING: 1, ShieldDue.UNCONFIRMED: 2}


@dataclass(frozen=True, slots=True)
class ReviewPage:
    shields: tuple[ShieldStatus, ...]
    page: int
    page_size: int
    total: int

    def as_json(self) -> ShieldReviewsBody:
        return {
            "shields": [s.as_json() for s in self.shields],
            "page": self.page,
            "page_size": self.page_size,
            "total": self.total,
        }


def _authority_of(viewer: Viewer) -> str:
    if not viewer.roles & (machine.OFFICER | machine.TEAM) or viewer.local_authority is None:
        raise NotAllowed("Only shield officers and the management team review shields.")
    return viewer.local_authority


def _urgency(status: ShieldStatus) -> tuple[int, dt.date, str]:
    first = min((_ORDER.get(d, 3) for d in status.due), default=3)
    review = status.shield.review_date or dt.date.max
    return first, review, status.cp_id


def list_reviews(
    engine: Engine,
    viewer: Viewer,
    *,
    page: int = 1,
    page_size: int = 50,
    now: dt.datetime,
    correlation_id: str,
) -> ReviewPage:
    """One page of the authority's shields needing attention: overdue first, then by date."""
    moment = utc(now)
    today = moment.date()
    try:
        authority = _authority_of(viewer)
        check_page(page, page_size, "shields")
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id) from None
    horizon = today + dt.timedelta(days=machine.DUE_WITHIN_DAYS)
    with engine.begin() as conn:
        rows = conn.execute(
            select(child.c.cp_id, *store.SELECTED).where(
                child.c.responsible_la == authority,
                child.c.shielded_since.is_not(None),
                or_(
                    child.c.shield_confirmed_by.is_(None),
                    child.c.shield_lift_proposed_by.is_not(None),
                    child.c.shield_review_date <= horizon,
                ),
            )
        ).all()
        listed = []
        for row in rows:
            shield = store.state_of(row)
            reasons = machine.due(shield, today)
            if reasons and visible_child(conn, viewer, row.cp_id, today) is not None:
                listed.append(ShieldStatus(row.cp_id, shield, reasons))
        listed.sort(key=_urgency)
        shown = tuple(listed[(page - 1) * page_size : page * page_size])
        audit.append(
            conn,
            actor=viewer.user_id,
            action=ACTION,
            detail={
                "local_authority": authority,
                "page": page,
                "returned": [s.cp_id for s in shown],
            },
            correlation_id=correlation_id,
            at=moment,
        )
    return ReviewPage(shown, page, page_size, len(listed))
