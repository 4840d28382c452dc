"""Directory work for the signed-in session: run it, believe its answer only if that
session is still the one that asked, and turn every failure into a Problem.

    work = DirectoryWork(runner, reach, session, busy)    # session: a SessionGate
    work.run(lambda: client.search(criteria, mode), success, failure, offline=from_cache)

Built by the session driver (desktop.session_driver), which is the session: this class
learns of it only through the SessionGate protocol, so that it cannot change the session
except by the one door (`expired`) a directory sign-out goes through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Slot

from desktop.busy import BusyCount
from desktop.controller_text import BAD_RULES, NOT_ACTIVE, signed_out_by_directory
from desktop.errors import DesktopError
from desktop.operations import Operation, Runner
from desktop.problems import Problem, ProblemKind
from desktop.reachability import Reachability
from desktop.signin import failure_sentence
from smartcard import TokenError
from sync import DirectoryUnreachable, NotSignedIn

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class _NotActive(DesktopError):
    """Directory work asked for (or still queued) outside the session that asked for it."""


class _BadInput(DesktopError):
    """An argument sync refused before sending anything (its ValueErrors are our sentences)."""


class BadRules(DesktopError):
    """The directory's override reasons do not make a usable rule."""


def checked(work: Callable[[], _T]) -> Callable[[], _T]:
    """`work` whose ValueErrors (sync's sentences about an argument) become refusals."""

    def run() -> _T:
        try:
            return work()
        except ValueError as exc:
            raise _BadInput(str(exc)) from None

    return run


class _Offline:
    """Directory work answered from the cache because the directory could not be reached."""

    def __init__(self, value: Any, reason: str) -> None:
        self.value = value
        self.reason = reason


class SessionGate(Protocol):
    """The session directory work is done for, as that work sees it."""

    @property
    def active(self) -> bool:
        """Whether there is a session to work for (ACTIVE, with a directory session)."""

    @property
    def serial(self) -> int:
        """Changes whenever the session's state does: work queued before a lock or a
        sign-out sends nothing, and its answer is dropped."""

    def expired(self, reason: str) -> bool:
        """The directory ended the session (`reason` is shown); True when the session
        machine took that in, and the sign-out tells the person instead of the request."""


class DirectoryWork(QObject):
    """Runs directory calls for the current session and keeps them until they end; every
    operation it starts is counted on `busy` as work under way."""

    def __init__(
        self,
        runner: Runner,
        reach: Reachability,
        session: SessionGate,
        busy: BusyCount,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reach = reach
        self._session = session
        self._busy = busy
        self._under_way: set[Operation[Any]] = set()

    @property
    def active(self) -> bool:
        """Whether `run` would send anything now."""
        return self._session.active

    def run(
        self,
        work: Callable[[], _T],
        success: Callable[[_T], None],
        failure: Callable[[Problem], None],
        *,
        always: Callable[[], None] | None = None,
        offline: Callable[[], Any | None] | None = None,
    ) -> Operation[_T]:
        """Run directory `work` for the current session; refused outside ACTIVE.

        `always` runs once whatever happens (a PIN to wipe), on the runner or, when the
        work is refused, at once. `offline`, when the directory cannot be reached, gives
        what the cache has instead (passed to `success`), or None to fail as usual.
        """
        if not self._session.active:
            if always is not None:
                always()
            return self.refuse(NOT_ACTIVE, failure)
        serial = self._session.serial

        def guarded() -> _T:
            try:
                # Queued behind slow work, it may find the session locked or over (and this
                # operation cancelled): then nothing is sent.
                if serial != self._session.serial:
                    raise _NotActive
                try:
                    return work()
                except DirectoryUnreachable as exc:
                    fallback = offline() if offline is not None else None
                    if fallback is None:
                        raise
                    return _Offline(fallback, exc.message)  # type: ignore[return-value]
            finally:
                if always is not None:
                    always()

        def answered(value: _T) -> None:
            if isinstance(value, _Offline):
                self._reach.unreachable(value.reason)
                success(value.value)
                return
            self._reach.answered()
            success(value)

        def failed(error: Exception) -> None:
            problem = self._problem(error, serial)
            if problem is not None:
                failure(problem)

        operation = self._busy.track(self._runner.run(guarded, success=answered, failure=failed))
        self._under_way.add(operation)
        operation.finished.connect(self._finished)
        return operation

    def refuse(self, problem: Problem, failure: Callable[[Problem], None]) -> Operation[Any]:
        """An Operation that fails with `problem` without sending anything.

        Delivered like any other outcome (later, on the GUI thread), so callers never see
        a callback run inside the call they made.
        """

        def refused() -> Any:
            raise _NotActive

        return self._runner.run(refused, success=_ignore, failure=lambda _: failure(problem))

    def cancel(self) -> None:
        """Drop every answer still to come: the session they were for is locked or over."""
        for operation in list(self._under_way):
            operation.cancel()
        self._under_way.clear()

    @Slot()
    def _finished(self) -> None:
        # A slot rather than a lambda holding the operation: nothing here outlives it.
        finished = self.sender()
        if isinstance(finished, Operation):
            self._under_way.discard(finished)

    def _problem(self, error: Exception, serial: int) -> Problem | None:
        """The Problem for a failed directory call; None when a sign-out tells it instead."""
        self._reach.failed(error)
        # Expired, revoked or refused: the client has dropped the session either way, and
        # the sign-out tells the person (unless the session had already changed).
        if (
            isinstance(error, NotSignedIn)
            and serial == self._session.serial
            and self._session.expired(signed_out_by_directory(Problem.of(error)))
        ):
            return None
        if isinstance(error, _NotActive):
            return NOT_ACTIVE
        if isinstance(error, _BadInput):
            return Problem(ProblemKind.REFUSED, str(error))
        if isinstance(error, BadRules):
            return BAD_RULES
        if isinstance(error, TokenError):
            return Problem(ProblemKind.TOKEN, failure_sentence(error))
        problem = Problem.of(error)
        if problem.kind is ProblemKind.INTERNAL:
            log.error("directory work failed (%s)", type(error).__name__)
        return problem


def _ignore(_: object) -> None:
    pass
