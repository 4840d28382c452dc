"""Schema versions and the steps between them; the version is `PRAGMA user_version`.

    migrate(connection)            # from whatever version the file is at, to CURRENT_VERSION

Each step runs in its own transaction with the version bump, so a file is always at one
version exactly. A file at a version newer than this code (a downgraded client) raises
`Unusable(NEWER)`: the cache is rebuilt rather than guessed at.

Adding a version: append a step, never edit a shipped one, update schema.py's docstring,
and add that version's fixture (tests/sync/fixtures/make_cache_fixtures.py); the tests
open every fixture with the current code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlcipher3

from sync.cache.connection import Connection, classify
from sync.cache.damage import Damage, Unusable
from sync.cache.schema import search_keys

Step = Callable[[Connection], None]


def _v1_entries(connection: Connection) -> None:
    """Version 1: one row per cached view, with its fetch time and its expiry."""
    connection.execute(
        "CREATE TABLE entries ("
        " cp_id TEXT PRIMARY KEY,"
        " body TEXT NOT NULL,"
        " fetched_at REAL NOT NULL,"
        " expires_at REAL NOT NULL"
        ") STRICT"
    )
    connection.execute("CREATE INDEX entries_expiry ON entries (expires_at)")


def _v2_search_keys(connection: Connection) -> None:
    """Version 2: normalised names and the date of birth beside each view, indexed, so
    that the offline search reads an index instead of decrypting and parsing every body."""
    for column in ("family_key", "given_key", "date_of_birth"):
        connection.execute(f"ALTER TABLE entries ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    rows = connection.execute("SELECT cp_id, body FROM entries").fetchall()
    for cp_id, body in rows:
        try:
            parsed: Any = json.loads(body)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            # Cannot be searched or shown: drop it rather than carry it forward.
            connection.execute("DELETE FROM entries WHERE cp_id = ?", (cp_id,))
            continue
        family, given, born = search_keys(parsed)
        connection.execute(
            "UPDATE entries SET family_key = ?, given_key = ?, date_of_birth = ? WHERE cp_id = ?",
            (family, given, born, cp_id),
        )
    connection.execute("CREATE INDEX entries_search ON entries (family_key, date_of_birth)")


STEPS: tuple[Step, ...] = (_v1_entries, _v2_search_keys)
CURRENT_VERSION = len(STEPS)


def version(connection: Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _tables(connection: Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(name) for (name,) in rows}


def migrate(connection: Connection, target: int = CURRENT_VERSION) -> int:
    """Bring the file to `target` (the current version unless a fixture script says
    otherwise); returns the version it was at. Raises `Unusable` for a file that is not
    one of ours or that a step cannot read."""
    try:
        found = version(connection)
        tables = _tables(connection)
        if found > CURRENT_VERSION:
            raise Unusable(Damage.NEWER, f"version {found}")
        # Version 0 must be empty, and every later version has the entries table: anything
        # else was made by someone else with a key that happens to open it.
        if (found == 0 and tables) or (found > 0 and "entries" not in tables):
            raise Unusable(Damage.FOREIGN)
        for number, step in enumerate(STEPS[found:target], start=found + 1):
            connection.execute("BEGIN IMMEDIATE")
            try:
                step(connection)
                # PRAGMA takes no parameters; the number is ours, not input.
                connection.execute(f"PRAGMA user_version = {number}")
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
    except sqlcipher3.DatabaseError as exc:
        if isinstance(exc, sqlcipher3.ProgrammingError):
            raise
        raise classify(exc) from exc
    return found
