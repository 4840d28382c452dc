"""The signed-in user's encrypted cache, as the controller uses it (DESIGN.md 4, issue 5).

Opened once the token is unlocked (sign-in, or unlock after a lock), closed whenever the
session locks or ends: the key exists only while the session is ACTIVE. Every call that
touches the cache runs off the GUI thread (the cache has its own worker thread as well).
No cache at all when the policy says so (cache_hours 0), or when the policy requires the
keyring (cache_key_store "keyring") and this desktop has no secure one: the client then
works online only, and says so once in the log. Otherwise the wrapped key is kept in the
keyring or, with no secure keyring (or by policy), in a file beside the cache;
`key_store_kind` says which, for diagnostics.

What goes in is decided by the directory (`cacheable` on each view) and checked again by
the cache itself: override and management views, search criteria and result lists never.
What stays is decided by the directory too: whenever the client is online again (sign-in,
unlock, the network back) `revalidate` asks it which cached records may still be kept and
drops the rest at once, so that a child shielded since cannot be read offline.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from desktop.records import ResultRow, SearchOutcome
from sync import DirectoryRefused, MalformedResponse
from sync.cache import CacheError, NotCacheable, default_path

if TYPE_CHECKING:
    from sync.cache import (
        CachedRecord,
        CacheStats,
        KeyHolder,
        KeyStoreKind,
        RecordCache,
        WrappedKeyStore,
    )

log = logging.getLogger(__name__)

OFFLINE_SEARCH = (
    "The directory cannot be reached. These are only the records you opened on this "
    "computer recently; search the directory again when it is back."
)

KeyStoreFactory = Callable[[], "WrappedKeyStore"]


def _choose_key_store(key_store: str) -> WrappedKeyStore:
    # keyring loads when the first cache is opened, not before the lock screen is up.
    from sync.cache import choose_key_store

    return choose_key_store(key_store)


class SessionCache:
    """Thread-safe holder of the one open RecordCache (or none)."""

    def __init__(
        self,
        hours: int,
        keystore: KeyStoreFactory | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        *,
        key_store: str = "auto",
    ) -> None:
        """`key_store` is the policy's cache_key_store, used unless `keystore` is given
        (tests and benchmarks pass their own). Asked at every open: a keyring may come
        and go between sessions (a desktop session started later, say)."""
        self._hours = hours
        self._keystore = keystore if keystore is not None else partial(_choose_key_store, key_store)
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: RecordCache | None = None
        self._kind: KeyStoreKind | None = None
        self._said_unavailable = False

    @property
    def enabled(self) -> bool:
        return self._hours > 0

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._cache is not None

    @property
    def key_store_kind(self) -> KeyStoreKind | None:
        """Where the open cache's wrapped key is kept ("keyring" or "file"); None unopened."""
        with self._lock:
            return self._kind if self._cache is not None else None

    # --- lifecycle (worker threads) ----------------------------------------------------------

    def open(self, token: KeyHolder, certificate_der: bytes) -> bool:
        """Open this user's cache with the unlocked token; False when there is none."""
        if not self.enabled:
            return False
        try:
            keystore = self._keystore()
            from sync.cache import RecordCache  # SQLCipher loads with the first cache

            cache = RecordCache.open(
                default_path(certificate_der),
                token,
                certificate_der,
                keystore=keystore,
                lifetime=dt.timedelta(hours=self._hours),
                clock=self._clock,
            )
        except CacheError as exc:
            if not self._said_unavailable:
                log.warning("working without a cache: %s", exc)
                self._said_unavailable = True
            return False
        with self._lock:
            previous, self._cache = self._cache, cache
            self._kind = keystore.kind
        if previous is not None:
            previous.close()
        return True

    def close(self) -> None:
        with self._lock:
            cache, self._cache = self._cache, None
        if cache is not None:
            cache.close()

    # --- use (worker threads) ----------------------------------------------------------------

    def keep(self, body: Mapping[str, Any]) -> None:
        """Keep a view the directory marked cacheable; anything else is left out."""
        cache = self._current()
        cp_id = body.get("cp_id")
        if cache is None or body.get("cacheable") is not True or not isinstance(cp_id, str):
            return
        try:
            cache.put(cp_id, body, self._clock())
        except (NotCacheable, CacheError) as exc:
            log.warning("a record was not cached (%s)", type(exc).__name__)

    def forget(self, cp_id: str) -> None:
        """The directory no longer shows this record to this user: drop the copy."""
        cache = self._current()
        if cache is not None:
            cache.remove(cp_id)

    def revalidate(self, confirm: Callable[[Sequence[str]], Collection[str]]) -> int:
        """Keep only the cached records `confirm` (the directory) says may stay; how many went.

        A refusal or an answer that cannot be read confirms nothing, so everything asked
        about goes (and the error is raised for the caller to report). No answer at all
        (the directory unreachable) drops nothing: offline is what the cache is for, and
        the next time the directory answers, this runs again.
        """
        cache = self._current()
        if cache is None:
            return 0
        try:
            held = cache.ids()
        except CacheError as exc:  # closed by a lock meanwhile: unlocking asks again
            log.info("the cache was not revalidated (%s)", type(exc).__name__)
            return 0
        if not held:
            return 0
        try:
            kept = set(confirm(held))
        except (DirectoryRefused, MalformedResponse):
            _drop(cache, held)
            raise
        return _drop(cache, [cp_id for cp_id in held if cp_id not in kept])

    def lookup(self, cp_id: str) -> CachedRecord | None:
        cache = self._current()
        return None if cache is None else cache.get(cp_id)

    def search(self, criteria: Mapping[str, str | int]) -> SearchOutcome | None:
        """Offline search over this user's cached records, or None without a cache."""
        cache = self._current()
        family_name = criteria.get("family_name")
        if cache is None or not isinstance(family_name, str):
            return None
        dob = criteria.get("date_of_birth")
        given = criteria.get("given_name")
        found = cache.search(
            family_name,
            date_of_birth=dob if isinstance(dob, str) else None,
            given_name=given if isinstance(given, str) else None,
        )
        rows = tuple(_row(record) for record in found if _meets(record, criteria))
        return SearchOutcome(rows=rows, too_many=False, message=OFFLINE_SEARCH, offline=True)

    def stats(self) -> CacheStats | None:
        """Counts for the diagnostics report (no IDs, no names); None with no cache open."""
        cache = self._current()
        return None if cache is None else cache.stats()

    def purge(self) -> int:
        cache = self._current()
        return 0 if cache is None else cache.purge_expired()

    def _current(self) -> RecordCache | None:
        with self._lock:
            return self._cache


def _drop(cache: RecordCache, cp_ids: Sequence[str]) -> int:
    """Remove these records; how many were there. A cache closed meanwhile (a lock) is
    revalidated when it is opened again (the unlock)."""
    dropped = 0
    for cp_id in cp_ids:
        try:
            dropped += cache.remove(cp_id)
        except CacheError:
            break
    return dropped


def _meets(record: CachedRecord, criteria: Mapping[str, str | int]) -> bool:
    """The criteria the cache's own search does not apply, applied to the cached view.

    Every criterion counts, never silently dropped: a postcode is matched only against an
    address the view shows, so a shielded child (whose view has none) is never found by
    one, as the directory's shield rule requires (DESIGN.md 3.4).
    """
    body = record.body
    year = criteria.get("year_of_birth")
    if year is not None and not str(body.get("date_of_birth", "")).startswith(f"{year}-"):
        return False
    gender = criteria.get("gender")
    if gender is not None and body.get("gender") != gender:
        return False
    cp_id = criteria.get("cp_id")
    if cp_id is not None and record.cp_id != cp_id:
        return False
    postcode = criteria.get("postcode")
    if postcode is not None:
        address = body.get("address")
        shown = address.get("postcode") if isinstance(address, dict) else None
        if not isinstance(shown, str) or not _same_postcode(str(postcode), shown):
            return False
    return True


def _same_postcode(asked: str, shown: str) -> bool:
    """A whole postcode matches itself; a district ("LS6") matches its outward code only."""
    asked, shown = " ".join(asked.upper().split()), " ".join(shown.upper().split())
    return shown == asked if " " in asked else shown.split(" ")[0] == asked


def _row(record: CachedRecord) -> ResultRow:
    """A result row for a cached view: its summary is the view's own fields, the town and
    postcode from its address when the viewer saw one (as a directory match would)."""
    body = record.body
    address = body.get("address")
    summary = {**body, **(address if isinstance(address, dict) else {})}
    return ResultRow.from_summary(record.cp_id, 1.0, body.get("shielded") is True, summary)
