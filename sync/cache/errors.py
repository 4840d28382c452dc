"""The one error hierarchy of the offline cache.

    CacheError               the cache cannot do what was asked; the client works online
    ├── InsecureKeyring      the OS keyring would keep the wrapped key in plaintext (or
    │                        nowhere): refused; with cache_key_store "keyring" the client
    │                        then runs without a cache ("auto" uses a key file instead)
    ├── KeyringUnavailable   the keyring (or key file) could not be read now (locked,
    │                        D-Bus gone, a disk error): the cache file is kept for later
    ├── NotCacheable         a view the directory did not mark cacheable, or an override
    │                        or management view: never written (DESIGN.md 4)
    └── CacheClosed          the cache was used after close() or delete() (a bug)

A damaged, foreign, truncated or wrong-key file is not an error to the caller: the cache
removes it, logs one line and starts afresh. Token errors (not logged in, token removed)
pass through from `smartcard` unchanged, because they mean "not now", not "not ever".
Messages never contain personal data, key material or a path that names a person.
"""

from __future__ import annotations


class CacheError(Exception):
    """Base class: the offline cache could not do what was asked."""


class InsecureKeyring(CacheError):
    """The keyring backend would not protect the wrapped key (plaintext, null or none)."""


class KeyringUnavailable(CacheError):
    """The keyring backend failed (locked, or its service is not running)."""


class NotCacheable(CacheError):
    """This view must never be written to the cache."""


class CacheClosed(CacheError):
    """The cache has been closed; open it again to use it."""
