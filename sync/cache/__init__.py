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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# The names load on first use (PEP 562): keyring and SQLCipher are heavy, and the client
# reaches the lock screen without either; they load when the first cache is opened.
_HOMES: dict[str, str] = {
    "CacheClosed": "sync.cache.errors",
    "CacheError": "sync.cache.errors",
    "InsecureKeyring": "sync.cache.errors",
    "KeyringUnavailable": "sync.cache.errors",
    "NotCacheable": "sync.cache.errors",
    "cache_directory": "sync.cache.files",
    "default_path": "sync.cache.files",
    "fingerprint": "sync.cache.files",
    "choose_key_store": "sync.cache.key_choice",
    "KeyFile": "sync.cache.keyfile",
    "KeyHolder": "sync.cache.keys",
    "SERVICE": "sync.cache.keystore",
    "KeyStore": "sync.cache.keystore",
    "KeyStoreKind": "sync.cache.keystore",
    "WrappedKeyStore": "sync.cache.keystore",
    "require_secure_backend": "sync.cache.keystore",
    "CURRENT_VERSION": "sync.cache.migrations",
    "CachedRecord": "sync.cache.models",
    "CacheStats": "sync.cache.models",
    "Clock": "sync.cache.models",
    "utc_now": "sync.cache.models",
    "DEFAULT_LIFETIME": "sync.cache.rules",
    "MAX_LIFETIME": "sync.cache.rules",
    "check_lifetime": "sync.cache.rules",
    "RecordCache": "sync.cache.store",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sync.cache' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
