"""The directory's operations on children, each audited in the same transaction.

`Directory` is what the HTTP API (and the CLI and benchmarks) call. Each operation runs the
work and writes its audit row in one transaction: if the audit write fails the transaction
rolls back and the caller gets AuditFailure instead of data (fail closed, DESIGN.md 3.5).
Refusals are audited too, in their own transaction, before the error is raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine

from directory import audit, cpid, search_limit
from directory.criteria import Mode, parse
from directory.errors import DirectoryError, NotAllowed, NotFound, RateLimited
from directory.projection import ChildView, project
from directory.records import load
from directory.search import SearchResult, search
from directory.viewer import Viewer


class Directory:
    def __init__(
        self,
        engine: Engine,
        today: Callable[[], dt.date] = dt.date.today,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        searches_per_minute: int = search_limit.SEARCHES_PER_MINUTE,
    ) -> None:
        self._engine = engine
        self._today = today
        self._clock = clock
        self._searches_per_minute = searches_per_minute

    def _refuse(
        self,
        viewer: Viewer,
        action: str,
        error: DirectoryError,
        correlation_id: str,
        cp_id: str | None = None,
    ) -> DirectoryError:
        detail: dict[str, object] = {"refused": error.code}
        if cp_id is not None:
            detail["cp_id"] = cp_id
        with self._engine.begin() as conn:
            audit.append(
                conn,
                actor=viewer.user_id,
                action=action,
                detail=detail,
                correlation_id=correlation_id,
                at=self._clock(),
            )
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
        with self._engine.begin() as conn:
            limited = search_limit.exceeded(
                conn, viewer.user_id, self._clock(), self._searches_per_minute
            )
            if not limited:
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
                    at=self._clock(),
                )
        if limited:
            refusal = RateLimited(
                "You have searched many times in the last minute; wait a moment and try again."
            )
            raise self._refuse(viewer, "search", refusal, correlation_id)
        return result

    def view_child(self, viewer: Viewer, cp_id: str, correlation_id: str) -> ChildView:
        """The record as this viewer may see it. Unknown and invisible look the same."""
        try:
            if not viewer.reads_children:
                raise NotAllowed("Your role does not include viewing children's records.")
            normalised = cpid.normalise(cp_id)
        except DirectoryError as exc:
            raise self._refuse(viewer, "child_view", exc, correlation_id) from None
        today = self._today()
        with self._engine.begin() as conn:
            record = load(conn, normalised)
            view = None if record is None else project(record, viewer, today)
            audit.append(
                conn,
                actor=viewer.user_id,
                action="child_view",
                detail={"cp_id": normalised, "level": None if view is None else view.level.value},
                correlation_id=correlation_id,
                at=self._clock(),
            )
        if view is None:
            raise NotFound("No record with that ContactPoint ID is available to you.")
        return view
