"""The encrypted, expiring cache of child views (DESIGN.md 4, issue 5). No Qt.

    from sync.cache import RecordCache, choose_key_store, default_path

    keystore = choose_key_store(policy.cache_key_store)   # KeyStore or KeyFile; .kind
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
SHA-256 fingerprint, or where there is no secure keyring in a private file beside the
cache (key_choice.py, keyfile.py): the cache opens only with that token and its PIN.
Every SQLite call runs on the cache's own worker thread. A file that cannot be used (lost
keyring entry or key file, another token's key, damaged, truncated, foreign, newer) is
removed with one log line and the cache starts afresh; errors the caller sees are
`CacheError`s (errors.py draws them) and the token's own errors when it cannot unwrap now.
"""

from __future__ import annotations

from sync.cache.errors import (
    CacheClosed,
    CacheError,
    InsecureKeyring,
    KeyringUnavailable,
    NotCacheable,
)
from sync.cache.files import cache_directory, default_path, fingerprint
from sync.cache.key_choice import choose_key_store
from sync.cache.keyfile import KeyFile
from sync.cache.keys import KeyHolder
from sync.cache.keystore import (
    SERVICE,
    KeyStore,
    KeyStoreKind,
    WrappedKeyStore,
    require_secure_backend,
)
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
    "KeyFile",
    "KeyHolder",
    "KeyStore",
    "KeyStoreKind",
    "KeyringUnavailable",
    "NotCacheable",
    "RecordCache",
    "WrappedKeyStore",
    "cache_directory",
    "check_lifetime",
    "choose_key_store",
    "default_path",
    "fingerprint",
    "require_secure_backend",
    "utc_now",
]
