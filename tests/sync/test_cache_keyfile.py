"""The wrapped cache key in a file beside the cache (sync.cache.KeyFile), and the choice of
store the machine policy's cache_key_store makes (sync.cache.choose_key_store).

Real files and real SQLCipher; the fake card wraps and unwraps. The keyring backends are
keyring's own fail backend (what a desktop without one gets) and a stand-in for an OS
keyring."""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desktop.policy import CACHE_KEY_STORES
from sync.cache import (
    MAX_LIFETIME,
    InsecureKeyring,
    KeyFile,
    KeyringUnavailable,
    KeyStore,
    choose_key_store,
    fingerprint,
)
from sync.cache.key_choice import SETTINGS
from tests.sync.cache_support import User, view

FINGERPRINT = "ab" * 32
WRAPPED = b"\x00\x01wrapped-key\xff" * 8

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and owners")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def store(tmp_path: Path) -> KeyFile:
    return KeyFile(tmp_path / "cache")


# --- the file store on its own -------------------------------------------------------------


def test_a_saved_key_loads_back_from_a_private_file_in_a_private_folder(store: KeyFile) -> None:
    assert store.load(FINGERPRINT) is None
    store.save(FINGERPRINT, WRAPPED)
    assert store.load(FINGERPRINT) == WRAPPED
    assert store.kind == "file"
    assert [p.name for p in store.directory.iterdir()] == [f"{FINGERPRINT[:16]}.key"]
    assert store.path(FINGERPRINT).read_text(encoding="ascii").startswith("cp-cache-1:")
    if os.name == "posix":
        assert _mode(store.directory) == 0o700
        assert _mode(store.path(FINGERPRINT)) == 0o600


@posix_only
def test_a_loose_folder_is_tightened_when_a_key_is_saved(store: KeyFile) -> None:
    store.directory.mkdir(mode=0o755)
    os.chmod(store.directory, 0o755)  # noqa: S103 - the loose folder under test
    store.save(FINGERPRINT, WRAPPED)
    assert _mode(store.directory) == 0o700


def test_a_save_replaces_the_key_and_leaves_no_temporary_file(store: KeyFile) -> None:
    store.save(FINGERPRINT, WRAPPED)
    store.save(FINGERPRINT, b"newer")
    assert store.load(FINGERPRINT) == b"newer"
    assert len(list(store.directory.iterdir())) == 1


def test_a_crash_before_the_rename_leaves_the_old_key(
    store: KeyFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(FINGERPRINT, WRAPPED)

    def crash(source: object, target: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyringUnavailable, match="could not be written"):
        store.save(FINGERPRINT, b"never-complete")
    monkeypatch.undo()
    assert store.load(FINGERPRINT) == WRAPPED
    assert [p.name for p in store.directory.iterdir()] == [store.path(FINGERPRINT).name]


def test_forget_removes_the_file_and_forgetting_twice_is_fine(store: KeyFile) -> None:
    store.save(FINGERPRINT, WRAPPED)
    store.forget(FINGERPRINT)
    assert not store.path(FINGERPRINT).exists()
    assert store.load(FINGERPRINT) is None
    store.forget(FINGERPRINT)
    KeyFile(store.directory / "never-made").forget(FINGERPRINT)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not-ours", id="another-format"),
        pytest.param(b"cp-cache-1:***", id="not-base64"),
        pytest.param(b"cp-cache-1:\xff\xfe", id="not-text"),
        pytest.param(b"cp-cache-1:" + b"A" * 20000, id="far-too-long"),
    ],
)
def test_a_garbled_file_reads_as_no_key(store: KeyFile, content: bytes) -> None:
    store.save(FINGERPRINT, WRAPPED)
    store.path(FINGERPRINT).write_bytes(content)
    assert store.load(FINGERPRINT) is None


@posix_only
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o666])
def test_a_file_other_users_may_read_or_write_is_not_trusted(store: KeyFile, mode: int) -> None:
    store.save(FINGERPRINT, WRAPPED)
    os.chmod(store.path(FINGERPRINT), mode)
    assert store.load(FINGERPRINT) is None


@posix_only
def test_a_link_or_a_folder_in_the_files_place_is_not_trusted(
    store: KeyFile, tmp_path: Path
) -> None:
    elsewhere = KeyFile(tmp_path / "elsewhere")
    elsewhere.save(FINGERPRINT, WRAPPED)
    store.directory.mkdir(mode=0o700)
    store.path(FINGERPRINT).symlink_to(elsewhere.path(FINGERPRINT))
    assert store.load(FINGERPRINT) is None
    store.path(FINGERPRINT).unlink()
    store.path(FINGERPRINT).mkdir()
    assert store.load(FINGERPRINT) is None


@posix_only
def test_a_file_someone_else_owns_is_not_trusted(
    store: KeyFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another owner cannot be made without root; being another user is the same test.
    store.save(FINGERPRINT, WRAPPED)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(store.path(FINGERPRINT)).st_uid + 1)
    assert store.load(FINGERPRINT) is None


# --- the cache with its key in a file ------------------------------------------------------


@pytest.fixture
def user(tmp_path: Path) -> User:
    person = User(tmp_path / "cache")
    person.keystore = KeyFile(person.file.parent)
    return person


@pytest.fixture
def filled(user: User) -> Iterator[User]:
    with user.open() as cache:
        assert cache.put("479755171614", view(), user.clock.now)
    yield user


def _key_file(user: User) -> Path:
    assert isinstance(user.keystore, KeyFile)
    return user.keystore.path(fingerprint(user.certificate))


def test_the_cache_reopens_with_its_key_in_the_file(filled: User) -> None:
    assert _key_file(filled).exists()
    assert sorted(p.suffix for p in filled.file.parent.iterdir()) == [".db", ".key"]
    with filled.open() as cache:
        cached = cache.get("479755171614")
    assert cached is not None and cached.body["family_name"] == "Zzcachefamily"


@pytest.mark.parametrize("content", [b"garbage", b"cp-cache-1:AAAA"])
def test_a_corrupted_key_file_means_a_fresh_cache_and_one_log_line(
    filled: User, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    _key_file(filled).write_bytes(content)
    with caplog.at_level(logging.INFO), filled.open() as cache:
        assert cache.get("479755171614") is None
        assert not filled.file.exists() and not _key_file(filled).exists()
        assert cache.put("097789160387", view("097789160387"), filled.clock.now)
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert message.startswith("The offline cache could not be used (")
    assert fingerprint(filled.certificate)[:16] not in message
    with filled.open() as cache:
        assert cache.get("097789160387") is not None


def test_a_key_file_gone_means_a_fresh_cache_with_the_file_store_named(
    filled: User, caplog: pytest.LogCaptureFixture
) -> None:
    _key_file(filled).unlink()
    with caplog.at_level(logging.WARNING), filled.open() as cache:
        assert cache.get("479755171614") is None
    assert [r.getMessage() for r in caplog.records] == [
        "The offline cache could not be used (its key file is missing, damaged or not this "
        "user's); it was removed and a fresh one will be started."
    ]


def test_when_everything_expires_the_key_file_goes_with_the_cache(filled: User) -> None:
    filled.clock.advance(dt.timedelta(days=2))
    with filled.open():
        pass
    assert not filled.file.exists() and not _key_file(filled).exists()


def test_a_stale_cache_of_another_user_goes_with_its_key_file(filled: User) -> None:
    os.utime(filled.file, (filled.clock.now.timestamp(),) * 2)
    later = User(filled.folder, clock=filled.clock)
    later.keystore = KeyFile(later.file.parent)
    filled.clock.advance(MAX_LIFETIME + dt.timedelta(seconds=1))
    with later.open():
        pass
    assert not filled.file.exists() and not _key_file(filled).exists()


# --- the choice the policy makes -----------------------------------------------------------


class _OsKeyring:
    """Stands for a secure OS keyring. Not a KeyringBackend subclass: keyring registers
    every subclass and could choose one as the process's default (test_cache_security)."""

    priority = 5.0


def _secure() -> KeyringBackend:
    kind = type("SecureKeyring", (_OsKeyring,), {"__module__": __name__})
    backend: KeyringBackend = kind()
    return backend


def test_the_store_settings_are_the_policys() -> None:
    assert SETTINGS == CACHE_KEY_STORES


def test_auto_takes_the_file_where_the_keyring_is_not_secure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="sync.cache"):
        chosen = choose_key_store("auto", tmp_path, backend=fail.Keyring())
    assert isinstance(chosen, KeyFile) and chosen.kind == "file"
    assert chosen.directory == tmp_path
    assert len(caplog.records) == 1
    assert "kept in a file" in caplog.records[0].getMessage()
    assert "turned off" not in caplog.records[0].getMessage()


def test_auto_takes_a_secure_keyring(tmp_path: Path) -> None:
    chosen = choose_key_store("auto", tmp_path, backend=_secure())
    assert isinstance(chosen, KeyStore) and chosen.kind == "keyring"


def test_keyring_requires_a_secure_keyring(tmp_path: Path) -> None:
    assert choose_key_store("keyring", tmp_path, backend=_secure()).kind == "keyring"
    with pytest.raises(InsecureKeyring, match="offline cache is turned off"):
        choose_key_store("keyring", tmp_path, backend=fail.Keyring())


def test_file_never_asks_the_keyring(tmp_path: Path) -> None:
    assert choose_key_store("file", tmp_path, backend=_secure()).kind == "file"


def test_a_word_that_is_not_a_setting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cache_key_store"):
        choose_key_store("plaintext", tmp_path)
