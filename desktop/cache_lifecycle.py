"""When the encrypted cache is open: from the session becoming ACTIVE (a sign-in, or an
unlock) until it locks or ends (DESIGN.md 4, issue 5). What it holds is SessionCache's.

    life = CacheLifecycle(cache, work, session, client, reach)
    life.open(token, certificate)    # SHOW_MAIN_WINDOW: the unlocked card unwraps the key
    life.close()                     # WIPE_CACHE_KEY: the key is gone until the next unlock

While open, expired entries are purged on a timer as well as at opening (issue 5), and the
directory is asked which cached records may still be kept whenever the client is online
again: just after opening, and when the directory answers after being out of reach
(issue 9), so that a child shielded since it was cached is no longer readable offline.

One thread opens and closes the cache, so that a close at lock and an open at unlock happen
in the order the session went through them; the GUI thread never waits for it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Slot

from desktop.directory_work import DirectoryWork, SessionGate
from desktop.identity import DirectoryStatus
from desktop.operations import Runner
from desktop.problems import Problem
from desktop.reachability import Reachability
from desktop.session_cache import SessionCache
from smartcard import TokenLike
from sync import DirectoryClient

log = logging.getLogger(__name__)

# Expired cache entries go on a timer as well as at opening (issue 5).
PURGE_INTERVAL_MS = 5 * 60_000


class CacheLifecycle(QObject):
    """Opens, purges, revalidates and closes the session's cache, off the GUI thread."""

    def __init__(
        self,
        cache: SessionCache,
        work: DirectoryWork,
        session: SessionGate,
        client: DirectoryClient,
        reach: Reachability,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._work = work
        self._session = session
        self._client = client
        self._runner = Runner(max_threads=1, parent=self)
        self._purge = QTimer(self)
        self._purge.setInterval(PURGE_INTERVAL_MS)
        self._purge.timeout.connect(self._purge_expired)
        reach.changed.connect(self._directory_status_changed)

    def open(self, token: TokenLike, certificate: bytes) -> None:
        """Open this user's cache with the card just unlocked (when the policy has one)."""
        if not self._cache.enabled:
            return

        def opened(is_open: bool) -> None:
            if is_open:
                self._purge.start()
                self._revalidate()  # signed in, or unlocked: online just now

        self._runner.run(
            lambda: self._cache.open(token, certificate), success=opened, failure=_cache_failed
        )

    def close(self) -> None:
        self._purge.stop()
        self._runner.run(self._cache.close, success=_ignore, failure=_cache_failed)

    def wait(self) -> None:
        """Block until the cache's thread is idle (shutdown only)."""
        self._runner.wait()

    @Slot()
    def _purge_expired(self) -> None:
        self._runner.run(self._cache.purge, success=_ignore, failure=_cache_failed)

    def _revalidate(self) -> None:
        """Ask the directory which cached records may still be kept; the rest go at once."""
        if not (self._cache.is_open and self._session.active):
            return
        self._work.run(
            lambda: self._cache.revalidate(self._client.cacheable),
            success=_ignore,
            failure=_revalidation_failed,
        )

    @Slot(object)
    def _directory_status_changed(self, status: DirectoryStatus) -> None:
        if status.online:
            self._revalidate()


def _cache_failed(error: Exception) -> None:
    # The cache is a convenience: the client goes on online. No personal data in the line.
    log.warning("the cache could not be used (%s)", type(error).__name__)


def _revalidation_failed(problem: Problem) -> None:
    # Refused or unreadable: the cache dropped what it asked about. Unreachable: kept, and
    # asked again when the directory answers. No personal data in the line.
    log.info("the cache was not revalidated (%s)", problem.kind.value)


def _ignore(_: object) -> None:
    pass
