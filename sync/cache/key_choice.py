"""Which store keeps the wrapped cache key, as the machine policy's `cache_key_store` says.

    store = choose_key_store("auto")                 # KeyStore or KeyFile
    store.kind                                       # "keyring" or "file", for diagnostics

* "keyring": the OS keyring, required: `InsecureKeyring` where there is no secure one,
  and the client runs without a cache (as before this setting existed).
* "file": always a key file beside the cache (keyfile.py).
* "auto" (the default): the keyring when a secure one is available, else the file, so
  that a desktop with no keyring (a fresh Linux install, a build machine) still has its
  offline cache.

The words are the policy's (desktop.policy.CACHE_KEY_STORES, checked when the policy is
read); this module does not import the policy, so it repeats them, and a test compares.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

import keyring
from keyring.backend import KeyringBackend

from sync.cache import files
from sync.cache.errors import InsecureKeyring
from sync.cache.keyfile import KeyFile
from sync.cache.keystore import KeyStore, WrappedKeyStore

log = logging.getLogger("sync.cache")

SETTINGS: Final = ("auto", "keyring", "file")


def choose_key_store(
    setting: str,
    directory: Path | None = None,
    backend: KeyringBackend | None = None,
) -> WrappedKeyStore:
    """The store for `setting`; the key file in `directory` (the cache's folder by default).

    `backend` is the keyring to try (the process's default, `keyring.get_keyring()`, if
    None). Raises `InsecureKeyring` for "keyring" without a secure one, ValueError for a
    word that is not a setting.
    """
    if setting not in SETTINGS:
        raise ValueError(f"cache_key_store must be one of {', '.join(SETTINGS)}")
    folder = directory if directory is not None else files.cache_directory()
    if setting == "file":
        return KeyFile(folder)
    chosen = backend if backend is not None else keyring.get_keyring()
    if setting == "keyring":
        return KeyStore(chosen)
    try:
        return KeyStore(chosen)
    except InsecureKeyring as exc:
        log.info("The cache key is kept in a file beside the cache: %s", _why(exc))
        return KeyFile(folder)


def _why(exc: InsecureKeyring) -> str:
    # InsecureKeyring's message ends "so the offline cache is turned off", which is not
    # what happens here; keep only the reason (a backend's class name, never personal data).
    return str(exc).split(", so the offline cache")[0].rstrip(".")
