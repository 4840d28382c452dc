"""Opening a cache file with SQLCipher: raw key, memory security, and a check at once.

    connection = open_keyed(path, key)   # key: 32-byte bytearray, zeroed when this returns

Raises `Unusable` (with the reason) for a file the key does not open or whose pages fail
their HMAC, so that the caller can remove it and start again. sqlcipher3 ships no type
information, so its objects are `Any` here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3

from devices import wipe
from sync.cache.damage import Damage, Unusable
from sync.cache.keys import raw_key_literal

Connection = Any  # sqlcipher3.Connection: untyped

# Set before the key is given, so they govern everything the key touches.
_BEFORE_KEY = (
    # SQLCipher writes its own errors (a failed HMAC, say) to stderr; the cache logs one
    # line of its own instead (damage.py).
    "PRAGMA cipher_log_level = NONE",
    # Wipe key material and decrypted pages when SQLCipher frees them (off by default
    # since SQLCipher 4.5 for speed; a cache of children's records wants it on).
    "PRAGMA cipher_memory_security = ON",
)
_AFTER_CHECK = (
    # Overwrite deleted rows, so that a purged record is gone from the file, not merely
    # unlinked (it is encrypted either way; this holds even against a later key leak).
    "PRAGMA secure_delete = ON",
    # Sorts and temporary tables in memory, never in an unencrypted temporary file.
    "PRAGMA temp_store = MEMORY",
)


def classify(exc: BaseException) -> Unusable:
    """The reason an SQLite error gives for not using the file."""
    name = str(getattr(exc, "sqlite_errorname", "") or type(exc).__name__)
    if name == "SQLITE_NOTADB":
        # SQLCipher says "not a database" for a wrong key and for a first page whose HMAC
        # fails; both mean this key cannot read this file.
        return Unusable(Damage.UNREADABLE, name)
    if name == "SQLITE_CORRUPT":
        return Unusable(Damage.DAMAGED, name)
    return Unusable(Damage.FAILED, name)


def open_keyed(path: Path, key: bytearray) -> Connection:
    """Connect, key with the raw key, and prove the key reads every page; zeroes `key`."""
    literal = raw_key_literal(key)
    wipe(key)
    try:
        try:
            # isolation_level=None: transactions are begun explicitly (store, migrations).
            connection = sqlcipher3.connect(str(path), isolation_level=None)
        except sqlcipher3.DatabaseError as exc:
            raise classify(exc) from exc
        try:
            for pragma in _BEFORE_KEY:
                connection.execute(pragma)
            # set_key hands the buffer to sqlite3_key: no SQL text, no `str` holds the key.
            connection.set_key(literal)
            _check(connection)
        except BaseException:
            connection.close()
            raise
    finally:
        wipe(literal)
    return connection


def _check(connection: Connection) -> None:
    try:
        # The first read after keying: a wrong key or a foreign file fails here.
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Every page's HMAC, so that damage beyond page 1 is found now, not halfway
        # through a read (a few milliseconds for a cache of a few hundred records).
        problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        for pragma in _AFTER_CHECK:
            connection.execute(pragma)
    except sqlcipher3.DatabaseError as exc:
        if isinstance(exc, sqlcipher3.ProgrammingError):
            raise
        raise classify(exc) from exc
    if problems:
        raise Unusable(Damage.DAMAGED, "HMAC")
