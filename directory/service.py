"""The directory's operations on children, each audited in the same transaction.

`Directory` is what the HTTP API (and the CLI and benchmarks) call. Each operation runs the
work and writes its audit row in one transaction: if the audit write fails the transaction
rolls back and the caller gets AuditFailure instead of data (fail closed, DESIGN.md 3.5).
Refusals are audited too, before the error is raised: in their own transaction when found
before any work, or in the work's transaction when the per-user limits refuse it.

Searches and everything that shows a child (views, revalidations) are counted against the
per-user limits (directory.usage_limits) first, in the transaction that does the work and
before any record is looked up, so a refusal never depends on what exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from directory import audit, cpid, revalidation
from directory.actions.fishing import view_refusal
from directory.actions.refusals import append_refusal
from directory.criteria import Mode, parse
from directory.errors import DirectoryError, InvalidRequest, NotAllowed, NotFound, RateLimited
from directory.projection import ChildView, project
from directory.records import load
from directory.search import SearchResult, search
from directory.usage_limits import DEFAULT_LIMITS, UsageLimits, hold, searched_too_often
from directory.viewer import Viewer

SEARCHED_TOO_OFTEN = "You have searched many times in the last minute; wait a moment and try again."


class Directory:
    def __init__(
        self,
        engine: Engine,
        today: Callable[[], dt.date] = dt.date.today,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        limits: UsageLimits = DEFAULT_LIMITS,
    ) -> None:
        self._engine = engine
        self._today = today
        self._clock = clock
        self._limits = limits

    def _refuse(
        self,
        viewer: Viewer,
        action: str,
        error: DirectoryError,
        correlation_id: str,
    ) -> DirectoryError:
        with self._engine.begin() as conn:
            append_refusal(conn, viewer, action, error, correlation_id, at=self._clock())
        return error

    def search(
        self, viewer: Viewer, raw_criteria: object, mode: object, correlation_id: str
    ) -> SearchResult:
        today = self._today()
        try:
            if not viewer.reads_children:
                raise NotAllowed("Your role does not include searching for children.")
            criteria = parse(raw_criteria, today)
            parsed_mode = Mode.parse(mode)
        except DirectoryError as exc:
            raise self._refuse(viewer, "search", exc, correlation_id) from None
        now = self._clock()
        with self._engine.begin() as conn:
            hold(conn, viewer.user_id)
            if searched_too_often(conn, viewer.user_id, now, self._limits):
                refusal = RateLimited(SEARCHED_TOO_OFTEN)
                append_refusal(conn, viewer, "search", refusal, correlation_id, at=now)
            else:
                result = search(conn, viewer, criteria, parsed_mode, today)
                audit.append(
                    conn,
                    actor=viewer.user_id,
                    action="search",
                    detail={
                        "criteria": criteria.as_audit(),
                        "mode": parsed_mode.value,
                        "returned": [m.view.cp_id for m in result.matches],
                        "too_many": result.too_many,
                    },
                    correlation_id=correlation_id,
                    at=now,
                )
                return result
        raise refusal

    def view_child(self, viewer: Viewer, cp_id: str, correlation_id: str) -> ChildView:
        """The record as this viewer may see it. Unknown and invisible look the same."""
        try:
            if not viewer.reads_children:
                raise NotAllowed("Your role does not include viewing children's records.")
            normalised = cpid.normalise(cp_id)
        except DirectoryError as exc:
            raise self._refuse(viewer, "child_view", exc, correlation_id) from None
        today, now = self._today(), self._clock()
        with self._engine.begin() as conn:
            refusal = view_refusal(conn, viewer, self._limits, now, correlation_id)
            if refusal is not None:
                append_refusal(
                    conn, viewer, "child_view", refusal, correlation_id, at=now, cp_id=normalised
                )
            else:
                record = load(conn, normalised)
                view = None if record is None else project(record, viewer, today)
                audit.append(
                    conn,
                    actor=viewer.user_id,
                    action="child_view",
                    detail={
                        "cp_id": normalised,
                        "level": None if view is None else view.level.value,
                    },
                    correlation_id=correlation_id,
                    at=now,
                )
        if refusal is not None:
            raise refusal
        if view is None:
            raise NotFound("No record with that ContactPoint ID is available to you.")
        return view

    def cacheable(self, viewer: Viewer, cp_ids: Sequence[str], correlation_id: str) -> list[str]:
        """The IDs among `cp_ids` this viewer may still keep cached (directory.revalidation).

        Unknown, hidden and malformed IDs are simply absent; the call counts as one view.
        """
        try:
            if not viewer.reads_children:
                raise NotAllowed("Your role does not include viewing children's records.")
            if len(cp_ids) > revalidation.MAX_IDS:
                raise InvalidRequest(
                    f"Ask about at most {revalidation.MAX_IDS} ContactPoint IDs at a time."
                )
        except DirectoryError as exc:
            raise self._refuse(viewer, revalidation.ACTION, exc, correlation_id) from None
        asked = revalidation.well_formed(cp_ids)
        today, now = self._today(), self._clock()
        with self._engine.begin() as conn:
            refusal = view_refusal(conn, viewer, self._limits, now, correlation_id)
            if refusal is not None:
                append_refusal(conn, viewer, revalidation.ACTION, refusal, correlation_id, at=now)
            else:
                kept = revalidation.still_cacheable(conn, viewer, asked, now, today)
                audit.append(
                    conn,
                    actor=viewer.user_id,
                    action=revalidation.ACTION,
                    detail={"asked": len(cp_ids), "returned": kept},
                    correlation_id=correlation_id,
                    at=now,
                )
                return kept
        raise refusal
