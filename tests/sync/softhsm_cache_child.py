"""The child of tests/sync/test_cache_softhsm.py: the cache with a real SoftHSM token.

    run_child(home, "observe", {"folder", "label", "pin"}, worker="tests.sync.softhsm_cache_child")
    run_child(home, "key_file", {"folder", "label", "pin"}, worker=...)   # no keyring at all

A PKCS#11 library reads SOFTHSM2_CONF once per process, and tests/smartcard's session has
already loaded SoftHSM with its own: so the library is loaded here, in a process of its
own. Only the cache's public entry points are used (RecordCache.open, put, get, stats,
purge_expired, close); the child answers what it saw, as provisioning children do
(smartcard.provision_worker's protocol), and the test asserts on it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import keyring
from cryptography.hazmat.primitives.asymmetric import rsa
from keyring.backends import fail

from smartcard import Scheme, Token, WrappingKey, open_module, wrap_for_token
from smartcard.provision_worker import main
from sync.cache import KeyStore, RecordCache, choose_key_store, fingerprint
from sync.cache.memory_keyring import MemoryKeyring
from tests.sync.cache_support import START, Clock, view

FAMILY = "Zzsofthsmfamily"


def _ids(count: int) -> list[str]:
    return [f"{n:012d}" for n in range(count)]


def observe(request: dict[str, Any]) -> dict[str, Any]:
    token: Token = open_module(request["module"]).open_token(request["label"])
    token.login(bytearray(request["pin"].encode()))
    certificate = token.certificate_der()
    keystore = KeyStore(MemoryKeyring(), testing=True)
    path = Path(request["folder"]) / "cache" / "softhsm.db"
    clock = Clock(START)

    def open_cache() -> RecordCache:
        return RecordCache.open(path, token, certificate, keystore=keystore, clock=clock)

    seen: dict[str, Any] = {}
    with open_cache() as cache:  # the key is made, wrapped on the token and kept
        for cp_id in _ids(20):
            cache.put(cp_id, view(cp_id, family=FAMILY), clock.now)
    seen["file_holds_the_name"] = FAMILY.encode() in path.read_bytes()
    with open_cache() as cache:  # the key is unwrapped on the token
        read = [cache.get(cp_id) for cp_id in _ids(20)]
        seen["read_back_intact"] = all(
            r is not None and r.body == view(r.body["cp_id"], family=FAMILY) for r in read
        )
        seen["found_offline"] = len(cache.search(FAMILY, "2015-03-07"))

    # A key wrapped for another token: the real token's unwrap fails, the cache starts over.
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    stray = wrap_for_token(WrappingKey(stranger, Scheme.RSA_OAEP_SHA1), os.urandom(32))
    keystore.save(fingerprint(certificate), stray)
    with open_cache() as cache:
        seen["entries_after_a_foreign_key"] = cache.stats().entries
        seen["file_kept_after_a_foreign_key"] = path.exists()
        for cp_id in _ids(30):
            cache.put(cp_id, view(cp_id, family=FAMILY), clock.now)
        clock.advance(cache.lifetime)
        seen["purged"] = cache.purge_expired()
        seen["file_kept_when_all_expired"] = path.exists()
    token.logout()
    return seen


def key_file(request: dict[str, Any]) -> dict[str, Any]:
    """The cache on a desktop with no keyring at all: the policy's default ("auto") keeps
    the wrapped key in a file beside the cache, and the cache opens, closes and reopens."""
    keyring.set_keyring(fail.Keyring())  # what `keyring` gives where no backend works
    token: Token = open_module(request["module"]).open_token(request["label"])
    token.login(bytearray(request["pin"].encode()))
    certificate = token.certificate_der()
    folder = Path(request["folder"]) / "keyfile-cache"
    path = folder / f"{fingerprint(certificate)[:16]}.db"
    clock = Clock(START)

    def open_cache() -> RecordCache:
        keystore = choose_key_store("auto", folder)
        seen["store"] = keystore.kind
        return RecordCache.open(path, token, certificate, keystore=keystore, clock=clock)

    seen: dict[str, Any] = {}
    with open_cache() as cache:
        for cp_id in _ids(5):
            cache.put(cp_id, view(cp_id, family=FAMILY), clock.now)
    with open_cache() as cache:  # the key read from the file, unwrapped on the token
        read = [cache.get(cp_id) for cp_id in _ids(5)]
        seen["read_back_intact"] = all(
            r is not None and r.body == view(r.body["cp_id"], family=FAMILY) for r in read
        )
    seen["files"] = sorted(p.suffix for p in folder.iterdir())
    seen["modes"] = sorted(oct(stat.S_IMODE(p.stat().st_mode)) for p in (folder, *folder.iterdir()))
    key_text = path.with_suffix(".key").read_bytes()
    seen["key_file_holds_the_name"] = FAMILY.encode() in key_text
    seen["file_holds_the_name"] = FAMILY.encode() in path.read_bytes()
    token.logout()
    return seen


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], {"observe": observe, "key_file": key_file}))
