"""A corrupted, truncated, wrong-key or foreign file is detected, removed and rebuilt with
one clear log line that names no one; the cache keeps working (real SQLCipher files,
damaged the way disks and people damage them)."""

from __future__ import annotations

import base64
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlcipher3

from sync.cache import RecordCache
from sync.cache.files import PAGE_SIZE
from tests.sync.cache_support import User, view

IDS = ("479755171614", "097789160387", "715823149150")
NAMES = ("Zzdamagefamily", "Zzdamagegiven")


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[User]:
    user = User(tmp_path)
    with user.open() as cache:
        for cp_id in IDS:
            cache.put(cp_id, view(cp_id, NAMES[0], NAMES[1]), user.clock.now)
    assert user.file.stat().st_size >= 4 * PAGE_SIZE
    yield user


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        file.seek(offset)
        file.write(bytes([byte[0] ^ 0x5A]))


def _with_user_key(user: User, work: Callable[[sqlcipher3.Connection], None]) -> None:
    """Do `work` on the file keyed as the cache keys it (the token unwraps the key)."""
    entry = user.keyring_entry
    assert entry is not None
    key = user.token.unwrap(base64.b64decode(entry.partition(":")[2]))
    connection = sqlcipher3.connect(str(user.file), isolation_level=None)
    try:
        connection.set_key(bytearray(b"x'" + key.hex().encode() + b"'"))
        work(connection)
    finally:
        connection.close()


def _plain_sqlite(user: User) -> None:
    user.file.unlink()
    other = sqlite3.connect(user.file)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.execute("INSERT INTO notes VALUES ('Zzdamagefamily')")
    other.commit()
    other.close()


def _same_key_other_tables(user: User) -> None:
    def rebuild(connection: sqlcipher3.Connection) -> None:
        connection.execute("DROP TABLE entries")
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.execute("PRAGMA user_version = 0")

    _with_user_key(user, rebuild)


def _newer_version(user: User) -> None:
    _with_user_key(user, lambda c: c.execute("PRAGMA user_version = 99"))


DAMAGES: dict[str, tuple[Callable[[User], None], str]] = {
    "first page flipped": (
        lambda u: _flip(u.file, PAGE_SIZE // 2),
        "it cannot be read with this user's key: SQLITE_NOTADB",
    ),
    "salt flipped": (
        lambda u: _flip(u.file, 3),
        "it cannot be read with this user's key: SQLITE_NOTADB",
    ),
    "later page flipped": (
        lambda u: _flip(u.file, u.file.stat().st_size - 100),
        "it is damaged: HMAC",
    ),
    "cut mid-page": (lambda u: os.truncate(u.file, PAGE_SIZE + 1000), "it is damaged"),
    "cut to its first page": (lambda u: os.truncate(u.file, PAGE_SIZE), "it is damaged"),
    "appended to": (
        lambda u: u.file.write_bytes(u.file.read_bytes() + b"\0" * 10),
        "it is damaged",
    ),
    "random bytes": (
        lambda u: u.file.write_bytes(os.urandom(2 * PAGE_SIZE)),
        "it cannot be read with this user's key: SQLITE_NOTADB",
    ),
    "a text file": (
        lambda u: u.file.write_text("Zzdamagefamily\n"),
        "it is damaged",
    ),
    "a plain SQLite database": (_plain_sqlite, "it is not a ContactPoint cache file"),
    "our key, someone else's tables": (
        _same_key_other_tables,
        "it is not a ContactPoint cache file",
    ),
    "a newer schema": (
        _newer_version,
        "it was written by a newer version of ContactPoint: version 99",
    ),
}


def _assert_one_clean_line(caplog: pytest.LogCaptureFixture, user: User, reason: str) -> None:
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    (line,) = lines
    assert line.name == "sync.cache" and line.levelno == logging.WARNING
    message = line.getMessage()
    assert message.startswith(f"The offline cache could not be used ({reason}")
    assert message.endswith("it was removed and a fresh one will be started.")
    for private in (*NAMES, *IDS, user.file.name, user.keyring_entry_name[:16], str(user.folder)):
        assert private not in message


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_an_unusable_file_is_removed_and_rebuilt_with_one_line(
    filled: User, damage: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    harm, reason = DAMAGES[damage]
    harm(filled)
    capfd.readouterr()
    with caplog.at_level(logging.DEBUG):
        cache = filled.open()
    # SQLCipher's own error log (to stderr, by default) is off: the one line is ours.
    assert capfd.readouterr() == ("", "")
    with cache:
        _assert_one_clean_line(caplog, filled, reason)
        assert not filled.file.exists()
        assert all(cache.get(cp_id) is None for cp_id in IDS)
        # It keeps working: the next view starts a fresh, readable file.
        assert cache.put(IDS[0], view(), filled.clock.now)
        assert cache.get(IDS[0]) is not None
    with filled.open() as again:
        record = again.get(IDS[0])
        assert record is not None and record.body == view()


def test_an_empty_file_is_quietly_replaced(filled: User, caplog: pytest.LogCaptureFixture) -> None:
    # What a crash between creating the file and the first write leaves.
    filled.file.write_bytes(b"")
    with caplog.at_level(logging.DEBUG), filled.open() as cache:
        assert cache.get(IDS[0]) is None
        assert cache.put(IDS[0], view(), filled.clock.now)
    assert caplog.records == []


def test_damage_during_a_session_is_survived(
    filled: User, caplog: pytest.LogCaptureFixture
) -> None:
    with filled.open() as cache:
        assert cache.get(IDS[0]) is not None
        # The disk goes bad under an open cache. SQLite rereads its pages only when the
        # file's change counter (raw bytes 24-39) moves, so that is where the damage is.
        _flip(filled.file, 30)
        with caplog.at_level(logging.DEBUG):
            assert cache.get(IDS[1]) is None
        _assert_one_clean_line(caplog, filled, "it cannot be read with this user's key")
        assert not filled.file.exists()
        assert cache.search(NAMES[0]) == []
        assert cache.put(IDS[2], view(IDS[2]), filled.clock.now)
        assert cache.get(IDS[2]) is not None


def test_a_path_the_disk_will_not_open_as_a_file_is_reported_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    user = User(tmp_path)
    user.file.mkdir()  # nothing the cache can open, or remove
    with caplog.at_level(logging.DEBUG), user.open() as cache:
        _assert_one_clean_line(caplog, user, "the disk refused it: IsADirectoryError")
        caplog.clear()
        assert not cache.put(IDS[0], view(), user.clock.now)
        assert cache.get(IDS[0]) is None
    assert [r.getMessage() for r in caplog.records] == [
        "The offline cache could not be started (IsADirectoryError); records are not kept offline."
    ]


def test_rebuilding_never_touches_another_users_file(filled: User) -> None:
    other = User(filled.folder, clock=filled.clock)
    with other.open() as cache:
        cache.put(IDS[0], view(), other.clock.now)
    _flip(filled.file, PAGE_SIZE // 2)
    with filled.open():
        pass
    with other.open() as cache:
        assert cache.get(IDS[0]) is not None


def test_the_cache_class_is_the_front_door() -> None:
    assert RecordCache.__module__ == "sync.cache.store"
