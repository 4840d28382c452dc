"""Schema versions: a fixture file for every version, each opened and upgraded by the
current code with its entries kept (as Electrum keeps a wallet from every version)."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from sync.cache import CURRENT_VERSION, KeyStore
from sync.cache.files import fingerprint
from sync.cache.keys import wrap
from tests.sync.cache_support import Clock, User, card
from tests.sync.fixtures import make_cache_fixtures as fixtures

VERSIONS = list(range(1, CURRENT_VERSION + 1))


def _direct(path: Path, work: Callable[[Any], Any]) -> Any:
    """`work` on the file keyed with the fixtures' key, outside the cache."""
    connection = sqlcipher3.connect(str(path))
    try:
        connection.set_key(bytearray(b"x'" + fixtures.FIXTURE_KEY.hex().encode() + b"'"))
        return work(connection)
    finally:
        connection.close()


def _user_holding_the_fixture_key(folder: Path, source: Path) -> User:
    """A user whose keyring holds the fixtures' key wrapped for their (fake) token."""
    token = card("fixture")
    user = User(folder, token=token, clock=Clock(fixtures.OPENED))
    folder.mkdir(exist_ok=True)
    shutil.copyfile(source, user.file)
    store = KeyStore(user.keyring, testing=True)
    store.save(fingerprint(user.certificate), wrap(token, bytearray(fixtures.FIXTURE_KEY)))
    return user


def test_there_is_a_fixture_for_every_schema_version() -> None:
    present = sorted(p.name for p in fixtures.HERE.glob("cache_v*.db"))
    assert present == [f"cache_v{v}.db" for v in VERSIONS]
    assert sorted(fixtures.FILLERS) == VERSIONS


@pytest.mark.parametrize("version", VERSIONS)
def test_each_fixture_is_at_its_version(version: int) -> None:
    found = _direct(
        fixtures.path_for(version), lambda c: c.execute("PRAGMA user_version").fetchone()[0]
    )
    assert found == version


@pytest.mark.parametrize("version", VERSIONS)
def test_every_fixture_opens_upgraded_with_its_entries(tmp_path: Path, version: int) -> None:
    user = _user_holding_the_fixture_key(tmp_path, fixtures.path_for(version))
    with user.open() as cache:
        for cp_id in fixtures.LIVE_IDS:
            record = cache.get(cp_id)
            assert record is not None
            assert record.fetched_at == fixtures.FETCHED
            assert record.expires_at == fixtures.FETCHED + fixtures.LIFETIME
            assert record.body["cp_id"] == cp_id
        # Expired in the fixture: purged when the cache opened.
        assert all(cache.get(cp_id) is None for cp_id in fixtures.EXPIRED_IDS)
        assert cache.stats().entries == len(fixtures.LIVE_IDS)
        # The offline search works on what an older version wrote (keys backfilled).
        found = cache.search("ozzfixture two", dt.date(2016, 11, 30), given_name="BEA")
        assert [r.cp_id for r in found] == ["097789160387"]
        assert [r.cp_id for r in cache.search("Zzfixtureone")] == ["479755171614"]
    assert _direct(user.file, lambda c: c.execute("PRAGMA user_version").fetchone()[0]) == (
        CURRENT_VERSION
    )
    expired = _direct(user.file, lambda c: c.execute("SELECT count(*) FROM entries").fetchone())
    assert expired == (len(fixtures.LIVE_IDS),)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_fixture_script_still_writes_each_version(tmp_path: Path, version: int) -> None:
    written = tmp_path / "written.db"
    fixtures.write(version, written)
    user = _user_holding_the_fixture_key(tmp_path / "user", written)
    with user.open() as cache:
        assert cache.stats().entries == len(fixtures.LIVE_IDS)


def test_the_current_schema_is_the_one_schema_py_describes(tmp_path: Path) -> None:
    user = User(tmp_path)
    with user.open() as cache:
        cache.put(
            "479755171614",
            {"level": "standard", "cacheable": True, "cp_id": "479755171614"},
            user.clock.now,
        )
    key_entry = user.keyring_entry
    assert key_entry is not None
    key = user.token.unwrap(base64.b64decode(key_entry.partition(":")[2]))
    connection = sqlcipher3.connect(str(user.file))
    try:
        connection.set_key(bytearray(b"x'" + key.hex().encode() + b"'"))
        columns = [row[1] for row in connection.execute("PRAGMA table_info(entries)")]
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(entries)")}
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        connection.close()
    assert columns == [
        "cp_id",
        "body",
        "fetched_at",
        "expires_at",
        "family_key",
        "given_key",
        "date_of_birth",
    ]
    assert {"entries_expiry", "entries_search"} <= indexes
    assert tables == {"entries"}  # no criteria, no result lists, no access log
