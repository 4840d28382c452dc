"""Expiry: every entry has a lifetime (8 hours by default, never more than 24); expired
entries are never returned, are purged on open and on the timer, and the file goes when
everything in it has expired. An injected clock stands in for waiting."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sync.cache import DEFAULT_LIFETIME, MAX_LIFETIME, RecordCache, check_lifetime
from tests.sync.cache_support import User, view

HOUR = dt.timedelta(hours=1)
SECOND_ID = "097789160387"


@pytest.fixture
def user(tmp_path: Path) -> User:
    return User(tmp_path)


def test_the_default_lifetime_is_eight_hours_and_at_most_a_day() -> None:
    assert DEFAULT_LIFETIME == 8 * HOUR
    assert MAX_LIFETIME == 24 * HOUR
    assert check_lifetime(24 * HOUR) == 24 * HOUR
    assert check_lifetime(dt.timedelta(minutes=1)) == dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "lifetime",
    [dt.timedelta(0), -HOUR, 24 * HOUR + dt.timedelta(seconds=1), dt.timedelta(days=7)],
)
def test_a_lifetime_outside_zero_to_a_day_is_refused(user: User, lifetime: dt.timedelta) -> None:
    with pytest.raises(ValueError, match="lifetime"):
        user.open(lifetime)
    assert list(user.folder.iterdir()) == []


def test_an_entry_is_returned_until_its_lifetime_ends_and_never_after(user: User) -> None:
    with user.open(2 * HOUR) as cache:
        cache.put("479755171614", view(), user.clock.now)
        user.clock.advance(2 * HOUR - dt.timedelta(seconds=1))
        assert cache.get("479755171614") is not None
        assert len(cache.search("Zzcachefamily")) == 1
        user.clock.advance(dt.timedelta(seconds=1))
        assert cache.get("479755171614") is None
        assert cache.search("Zzcachefamily") == []
        assert cache.stats().entries == 0


def test_the_lifetime_runs_from_the_fetch_not_the_write(user: User) -> None:
    with user.open() as cache:
        assert cache.put("479755171614", view(), user.clock.now - 7 * HOUR)
        user.clock.advance(HOUR)
        assert cache.get("479755171614") is None
        # Fetched longer ago than the lifetime: not even written.
        assert not cache.put(SECOND_ID, view(SECOND_ID), user.clock.now - 9 * HOUR)
        assert cache.get(SECOND_ID) is None


def test_a_fetch_time_in_the_future_cannot_stretch_the_lifetime(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now + 5 * HOUR)
        record = cache.get("479755171614")
        assert record is not None
        assert record.fetched_at == user.clock.now
        assert record.expires_at == user.clock.now + DEFAULT_LIFETIME


def test_a_clock_set_back_does_not_revive_or_prolong_entries(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
        user.clock.advance(-2 * HOUR)  # fetched "in the future" now: not to be trusted
        assert cache.get("479755171614") is None
        assert cache.purge_expired() == 1


def test_purge_removes_only_what_has_expired(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
        user.clock.advance(4 * HOUR)
        cache.put(SECOND_ID, view(SECOND_ID), user.clock.now)
        user.clock.advance(5 * HOUR)
        assert cache.purge_expired() == 1
        assert cache.purge_expired() == 0
        assert cache.get(SECOND_ID) is not None
        assert user.file.exists()


def test_the_file_and_its_key_go_when_everything_has_expired(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
        cache.put(SECOND_ID, view(SECOND_ID), user.clock.now)
        user.clock.advance(9 * HOUR)
        assert cache.purge_expired() == 2
        assert not user.file.exists()
        assert user.keyring_entry is None
        assert list(user.folder.iterdir()) == []
        # The cache carries on: the next view makes a new file with a new key.
        assert cache.put("479755171614", view(), user.clock.now)
        assert cache.get("479755171614") is not None
        assert user.file.exists() and user.keyring_entry is not None


def test_opening_purges_and_removes_a_file_whose_entries_all_expired(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
    user.clock.advance(8 * HOUR)
    with user.open() as cache:
        assert cache.get("479755171614") is None
        assert not user.file.exists()
        assert user.keyring_entry is None


def test_opening_purges_expired_entries_and_keeps_the_rest(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
        user.clock.advance(6 * HOUR)
        cache.put(SECOND_ID, view(SECOND_ID), user.clock.now)
    user.clock.advance(3 * HOUR)
    with user.open() as cache:
        assert cache.stats().entries == 1
        assert cache.get(SECOND_ID) is not None


def test_a_shorter_policy_lifetime_applies_to_what_is_already_cached(user: User) -> None:
    with user.open(24 * HOUR) as cache:
        cache.put("479755171614", view(), user.clock.now)
    user.clock.advance(3 * HOUR)
    with user.open(2 * HOUR) as cache:
        assert cache.get("479755171614") is None
        assert not user.file.exists()


def test_a_longer_policy_lifetime_does_not_extend_what_is_cached(user: User) -> None:
    with user.open(2 * HOUR) as cache:
        cache.put("479755171614", view(), user.clock.now)
    user.clock.advance(3 * HOUR)
    with user.open(24 * HOUR) as cache:
        assert cache.get("479755171614") is None


def _written_now(user: User) -> None:
    """Give the file the fake clock's time as its modification time."""
    os.utime(user.file, (user.clock.now.timestamp(),) * 2)


def test_another_users_file_left_for_more_than_a_day_is_removed(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
    _written_now(user)
    # A renewed certificate: the old file is nobody's any more, but it was written with a
    # lifetime of at most a day, so after a day it holds nothing live.
    renewed = User(user.folder, clock=user.clock)
    assert renewed.file != user.file
    stranger = user.folder / "notes.db"
    stranger.write_bytes(b"not ours")
    user.clock.advance(MAX_LIFETIME + dt.timedelta(seconds=1))
    with renewed.open():
        pass
    assert not user.file.exists()
    assert stranger.exists()  # only names the cache gives are ever touched


def test_another_users_file_younger_than_a_day_is_left_alone(user: User) -> None:
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
    _written_now(user)
    user.clock.advance(MAX_LIFETIME - dt.timedelta(minutes=1))
    with User(user.folder, clock=user.clock).open():
        pass
    assert user.file.exists()


def test_the_cache_used_from_a_real_clock(tmp_path: Path) -> None:
    user = User(tmp_path)
    cache = RecordCache.open(user.file, user.token, user.certificate, keystore=user.keystore)
    with cache:
        assert cache.put("479755171614", view(), dt.datetime.now(dt.UTC))
        assert cache.get("479755171614") is not None


def test_a_shorter_lifetime_shows_in_the_expiry_returned(user: User) -> None:
    with user.open(24 * HOUR) as cache:
        cache.put("479755171614", view(), user.clock.now)
    with user.open(2 * HOUR) as cache:
        record = cache.get("479755171614")
        assert record is not None
        assert record.expires_at == record.fetched_at + 2 * HOUR
        (found,) = cache.search("Zzcachefamily")
        assert found.expires_at == record.expires_at
