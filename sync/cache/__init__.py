"""The encrypted, expiring cache of child views (DESIGN.md 4, issue 5). No Qt.

    from sync.cache import KeyStore, RecordCache, default_path

    keystore = KeyStore.system()             # InsecureKeyring: run without a cache
    cache = RecordCache.open(default_path(cert_der), token, cert_der, keystore=keystore,
                             lifetime=timedelta(hours=policy.cache_hours))
    if view["cacheable"]:
        cache.put(cp_id, view, fetched_at)   # NotCacheable for override/management views
    cached = cache.get(cp_id)                # CachedRecord(body, fetched_at, expires_at) | None
    cache.remove(cp_id)                      # the directory answered "not found" for it
    cache.search("Family", date_of_birth=date(2015, 3, 7))   # offline, this user's views only
    cache.purge_expired()                    # on a timer; the file goes when all expired
    cache.close()                            # at lock/sign-out; delete() to wipe it now

One SQLCipher file per user, keyed with a random 256-bit raw key that is wrapped by the
token's key-management key and kept, wrapped, in the OS keyring under the certificate's
SHA-256 fingerprint: the cache opens only with that token and its PIN. Every SQLite call
runs on the cache's own worker thread. A file that cannot be used (lost keyring entry,
another token's key, damaged, truncated, foreign, newer) is removed with one log line and
the cache starts afresh; errors the caller sees are `CacheError`s (errors.py draws them)
and the token's own errors when it cannot unwrap now.
"""

from __future__ import annotations

from sync.cache.errors import (
    CacheClosed,
    CacheError,
    InsecureKeyring,
    KeyringUnavailable,
    NotCacheable,
)
from sync.cache.files import default_path, fingerprint
from sync.cache.keys import KeyHolder
from sync.cache.keystore import SERVICE, KeyStore, require_secure_backend
from sync.cache.migrations import CURRENT_VERSION
from sync.cache.models import CachedRecord, CacheStats, Clock, utc_now
from sync.cache.rules import DEFAULT_LIFETIME, MAX_LIFETIME, check_lifetime
from sync.cache.store import RecordCache

__all__ = [
    "CURRENT_VERSION",
    "DEFAULT_LIFETIME",
    "MAX_LIFETIME",
    "SERVICE",
    "CacheClosed",
    "CacheError",
    "CacheStats",
    "CachedRecord",
    "Clock",
    "InsecureKeyring",
    "KeyHolder",
    "KeyStore",
    "KeyringUnavailable",
    "NotCacheable",
    "RecordCache",
    "check_lifetime",
    "default_path",
    "fingerprint",
    "require_secure_backend",
    "utc_now",
]
