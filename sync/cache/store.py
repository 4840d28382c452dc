"""RecordCache: one user's encrypted, expiring cache of child views (DESIGN.md 4).

    cache = RecordCache.open(default_path(cert), token, cert, keystore=choose_key_store("auto"),
                             lifetime=timedelta(hours=policy.cache_hours))
    cache.put(cp_id, view, fetched_at) -> bool      # NotCacheable for override/management
    cache.get(cp_id) -> CachedRecord | None          # never an expired view
    cache.remove(cp_id) -> bool                      # the directory no longer shows it
    cache.ids() -> list[str]                         # what to ask the directory to confirm
    cache.search(family_name, date_of_birth=None, given_name=None) -> list[CachedRecord]
    cache.purge_expired() -> int                     # the client calls it on a timer
    cache.stats() -> CacheStats;  cache.close();  cache.delete()

The file exists only while it holds live entries. Opening finds one of three things:

* no file: nothing to unwrap; the cache is *dormant* until the first `put` makes a key,
  wraps it for the token, saves it in the keyring (or key file) and creates the file;
* a file it can open (its wrapped key, the token's unwrap, the key, every page's HMAC, a
  known schema): migrated, expired entries purged;
* a file it cannot use (lost keyring entry or key file, a key this token cannot unwrap,
  wrong key, damage, a foreign or newer file): removed with one log line, and the cache is
  dormant.

When a purge leaves nothing, the file is deleted and its key forgotten (the
key is then gone for good: a copy of the file taken earlier can never be read). A
database error in the middle of a session does the same, so the client keeps working
online. Token errors that mean "not now" (not logged in, removed) propagate from `open`
and leave the file alone.

Every SQLite call runs on the cache's one worker thread (worker.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from devices import DeviceWorker, on_worker, wipe
from smartcard.errors import TokenError
from sync.cache import files
from sync.cache.connection import Connection, classify, open_keyed
from sync.cache.damage import Damage, Unusable
from sync.cache.errors import CacheClosed, CacheError, NotCacheable
from sync.cache.keys import KeyHolder, new_key, unwrap, wrap
from sync.cache.keystore import WrappedKeyStore
from sync.cache.live import COLUMNS, LIVE, live_window, record_of
from sync.cache.migrations import migrate
from sync.cache.models import CachedRecord, CacheStats, Clock, from_seconds, to_seconds, utc_now
from sync.cache.rules import (
    DEFAULT_LIFETIME,
    MAX_LIFETIME,
    check_lifetime,
    compact_id,
    require_cacheable,
)
from sync.cache.schema import date_key, normalise_name, search_keys

log = logging.getLogger("sync.cache")

T = TypeVar("T")


class RecordCache:
    """One user's cache file, owned by one worker thread. Get one with `RecordCache.open`."""

    def __init__(
        self,
        path: Path,
        fingerprint: str,
        holder: KeyHolder,
        keystore: WrappedKeyStore,
        lifetime: dt.timedelta,
        clock: Clock,
    ) -> None:
        self._path = path
        self._fingerprint = fingerprint
        self._holder = holder
        self._keystore = keystore
        self._lifetime = lifetime
        self._clock = clock
        # A closed cache refuses work with CacheClosed, never the executor's RuntimeError.
        self._worker = DeviceWorker(
            "sqlcipher-cache", device="The offline cache", stopped=CacheClosed
        )
        self._connection: Connection | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        key_holder: KeyHolder,
        certificate_der: bytes,
        *,
        keystore: WrappedKeyStore,
        lifetime: dt.timedelta = DEFAULT_LIFETIME,
        clock: Clock = utc_now,
    ) -> RecordCache:
        """Open (or prepare to create) the cache at `path` for the certificate's holder.

        `key_holder` is the signed-in token (its PIN given): it unwraps the key. Raises
        ValueError for a lifetime outside (0, 24 h], `KeyringUnavailable` if the keyring
        cannot be read, and the token's own errors if it cannot unwrap now.
        """
        check_lifetime(lifetime)
        cache = cls(
            Path(path).absolute(),
            files.fingerprint(certificate_der),
            key_holder,
            keystore,
            lifetime,
            clock,
        )
        try:
            cache._worker.run(cache._open)
        except BaseException:
            cache._worker.shutdown()
            raise
        return cache

    # -- properties --------------------------------------------------------------------------

    @property
    def worker(self) -> DeviceWorker:
        return self._worker

    @property
    def path(self) -> Path:
        return self._path

    @property
    def lifetime(self) -> dt.timedelta:
        return self._lifetime

    def __enter__(self) -> RecordCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the public operations (each runs on the worker) -------------------------------------

    @on_worker
    def put(self, cp_id: str, body: Mapping[str, Any], fetched_at: dt.datetime) -> bool:
        """Keep `body` (the directory's view of `cp_id`, fetched at `fetched_at`).

        Raises `NotCacheable` for a view that may not be kept. Returns False if it was not
        stored: already expired, or the cache cannot be written (logged once).
        """
        key = require_cacheable(cp_id, body)
        now = self._now()
        # Never later than now, so that no entry outlives its lifetime from now.
        fetched = min(to_seconds(fetched_at), now)
        expires = fetched + self._lifetime.total_seconds()
        if expires <= now:
            return False
        try:
            text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise NotCacheable("The view is not plain JSON.") from exc
        family, given, born = search_keys(body)
        if self._writable() is None:
            return False

        def store(connection: Connection) -> bool:
            # Views are fetched on a thread pool and may arrive out of order: an older
            # fetch never replaces a newer one.
            connection.execute(
                "INSERT INTO entries (cp_id, body, fetched_at, expires_at, family_key,"
                " given_key, date_of_birth) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (cp_id) DO UPDATE SET body = excluded.body,"
                " fetched_at = excluded.fetched_at, expires_at = excluded.expires_at,"
                " family_key = excluded.family_key, given_key = excluded.given_key,"
                " date_of_birth = excluded.date_of_birth"
                " WHERE excluded.fetched_at >= entries.fetched_at",
                (key, text, fetched, expires, family, given, born),
            )
            return True

        return self._use(store, False)

    @on_worker
    def get(self, cp_id: str) -> CachedRecord | None:
        """The cached view of `cp_id` if there is a live one; never an expired view."""
        key = compact_id(cp_id)

        def read(connection: Connection) -> CachedRecord | None:
            row = connection.execute(
                f"SELECT {COLUMNS} FROM entries WHERE cp_id = :cp_id AND {LIVE}",  # noqa: S608
                {"cp_id": key, **self._window()},
            ).fetchone()
            return None if row is None else record_of(row, self._lifetime)

        return self._use(read, None)

    @on_worker
    def remove(self, cp_id: str) -> bool:
        """Forget one child's view (the directory now answers "not found" for it, say, so
        it may no longer be shown offline). True if there was one."""
        key = compact_id(cp_id)

        def drop(connection: Connection) -> bool:
            deleted = connection.execute("DELETE FROM entries WHERE cp_id = ?", (key,))
            return bool(deleted.rowcount)

        return self._use(drop, False)

    @on_worker
    def ids(self) -> list[str]:
        """The IDs of this user's live cached views, to ask the directory which may stay
        (directory: POST /v1/children/cacheable). Nothing else about them leaves the cache."""

        def list_ids(connection: Connection) -> list[str]:
            rows = connection.execute(
                f"SELECT cp_id FROM entries WHERE {LIVE} ORDER BY cp_id",  # noqa: S608
                self._window(),
            ).fetchall()
            return [str(cp_id) for (cp_id,) in rows]

        return self._use(list_ids, [])

    @on_worker
    def search(
        self,
        family_name: str,
        date_of_birth: dt.date | str | None = None,
        given_name: str | None = None,
    ) -> list[CachedRecord]:
        """This user's live cached views whose names (folded) and date of birth match.

        Nothing about the search is written anywhere. ValueError for an empty family name
        or a date of birth that is not a date.
        """
        family = normalise_name(family_name)
        if not family:
            raise ValueError("A family name is needed to search the offline records.")
        clauses = ["family_key = :family", LIVE]
        params: dict[str, Any] = {"family": family, **self._window()}
        if date_of_birth is not None:
            clauses.append("date_of_birth = :born")
            params["born"] = date_key(date_of_birth)
        if given_name is not None and normalise_name(given_name):
            clauses.append("given_key = :given")
            params["given"] = normalise_name(given_name)
        query = (
            f"SELECT {COLUMNS} FROM entries WHERE {' AND '.join(clauses)}"  # noqa: S608
            " ORDER BY family_key, given_key, date_of_birth, cp_id"
        )

        def find(connection: Connection) -> list[CachedRecord]:
            rows = connection.execute(query, params).fetchall()
            return [record_of(row, self._lifetime) for row in rows]

        return self._use(find, [])

    @on_worker
    def purge_expired(self) -> int:
        """Remove expired entries; the file goes if none is left. Returns how many went."""
        return self._purge()

    @on_worker
    def stats(self) -> CacheStats:
        def count(connection: Connection) -> CacheStats:
            entries, oldest = connection.execute(
                f"SELECT count(*), min(fetched_at) FROM entries WHERE {LIVE}",  # noqa: S608
                self._window(),
            ).fetchone()
            return CacheStats(
                entries=int(entries),
                file_bytes=self._path.stat().st_size,
                oldest_fetched_at=None if oldest is None else from_seconds(oldest),
                lifetime=self._lifetime,
            )

        return self._use(count, CacheStats(0, 0, None, self._lifetime))

    def close(self) -> None:
        """Close the connection (SQLCipher wipes its key copy) and stop the worker.

        The key itself is never kept: it is zeroed as soon as the connection is keyed.
        """
        if not self._worker.stopped:
            with contextlib.suppress(CacheClosed):  # closed by another thread meanwhile
                self._worker.run(self._shut)
        self._worker.shutdown()

    def delete(self) -> None:
        """Remove the file and forget its key now, whatever it holds; then close."""
        self._worker.run(self._discard)  # CacheClosed if it is closed already
        self.close()

    # -- on the worker -----------------------------------------------------------------------

    def _now(self) -> float:
        return to_seconds(self._clock())

    def _window(self) -> dict[str, float]:
        return live_window(self._now(), self._lifetime)

    def _open(self) -> None:
        self._worker.assert_current()
        files.sweep_stale(self._path.parent, self._path, self._clock(), MAX_LIFETIME)
        if not self._path.exists():
            return
        try:
            self._connection = self._attach()
        except OSError as exc:
            self._report(Unusable(Damage.FAILED, type(exc).__name__))
            self._discard()
            return
        except Unusable as problem:
            self._report(problem)
            self._discard()
            return
        self._purge()  # with no connection (an empty file replaced) there is nothing to do

    def _attach(self) -> Connection | None:
        """A keyed, checked, migrated connection to the existing file, or `Unusable`."""
        files.make_private(self._path)
        if self._path.stat().st_size == 0:
            # Created and never written (a crash at the first put): nothing to report.
            self._discard()
            return None
        damage = files.sniff(self._path)
        if damage is not None:
            raise Unusable(damage)
        wrapped = self._keystore.load(self._fingerprint)
        if wrapped is None:
            lost = Damage.LOST_KEY_FILE if self._keystore.kind == "file" else Damage.LOST_KEY
            raise Unusable(lost)
        key = unwrap(self._holder, wrapped)
        if key is None:
            raise Unusable(Damage.UNREADABLE, "unwrap")
        connection = open_keyed(self._path, key)
        try:
            migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _writable(self) -> Connection | None:
        """The connection, creating the file (and a new key) if the cache is dormant."""
        self._worker.assert_current()
        if self._connection is not None:
            return self._connection
        key = new_key()
        try:
            wrapped = wrap(self._holder, key)
            files.remove(self._path)  # whatever is there cannot be ours: it has no key
            self._keystore.save(self._fingerprint, wrapped)
            files.create_private_file(self._path)
            connection = open_keyed(self._path, key)
            try:
                migrate(connection)
            except BaseException:
                connection.close()
                raise
        except (TokenError, CacheError, Unusable, OSError) as exc:
            detail = exc.reason.value if isinstance(exc, Unusable) else type(exc).__name__
            log.warning(
                "The offline cache could not be started (%s); records are not kept offline.",
                detail,
            )
            self._discard()
            return None
        finally:
            wipe(key)
        self._connection = connection
        return connection

    def _use(self, work: Callable[[Connection], T], fallback: T) -> T:
        """Run `work` on the connection; a database failure discards the file (one log line)."""
        self._worker.assert_current()
        connection = self._connection
        if connection is None:
            return fallback
        try:
            return work(connection)
        except sqlcipher3.DatabaseError as exc:
            if isinstance(exc, sqlcipher3.ProgrammingError):
                raise  # a bug, not the file
            self._report(classify(exc))
            self._discard()
            return fallback

    def _purge(self) -> int:
        def purge(connection: Connection) -> tuple[int, int]:
            removed = connection.execute(
                f"DELETE FROM entries WHERE NOT ({LIVE})",  # noqa: S608
                self._window(),
            ).rowcount
            (remaining,) = connection.execute("SELECT count(*) FROM entries").fetchone()
            return int(removed), int(remaining)

        removed, remaining = self._use(purge, (0, -1))
        if remaining == 0:
            # Everything has expired: the file goes, and with its key it can never be read.
            self._discard()
        return removed

    def _report(self, problem: Unusable) -> None:
        detail = f": {problem.detail}" if problem.detail else ""
        log.warning(
            "The offline cache could not be used (%s%s); it was removed and a fresh one "
            "will be started.",
            problem.reason.value,
            detail,
        )

    def _discard(self) -> None:
        """Close, delete the file and its journal, forget the key. Never raises for the
        keyring: an entry left behind wraps a key to a file that no longer exists."""
        self._worker.assert_current()
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(sqlcipher3.Error):
                connection.close()
        with contextlib.suppress(OSError):
            files.remove(self._path)
        with contextlib.suppress(CacheError):
            self._keystore.forget(self._fingerprint)

    def _shut(self) -> None:
        self._worker.assert_current()
        connection, self._connection = self._connection, None
        self._worker.stop()  # jobs queued behind this one are refused with CacheClosed
        if connection is not None:
            connection.close()
