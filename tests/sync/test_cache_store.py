"""RecordCache: what goes in, what comes out, and what is refused (real SQLCipher)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.cache import CacheClosed, NotCacheable, RecordCache
from tests.sync.cache_support import User, view

TWIN_ID = "097789160387"
OTHER_ID = "715823149150"


@pytest.fixture
def user(tmp_path: Path) -> User:
    return User(tmp_path)


@pytest.fixture
def cache(user: User) -> Iterator[RecordCache]:
    opened = user.open()
    yield opened
    opened.close()


def test_a_view_comes_back_as_it_was_put_with_its_times(user: User, cache: RecordCache) -> None:
    body = view(school={"name": "Zzschool Primary", "phone": "0113 000 0000"})
    assert cache.put("4797 5517 1614", body, user.clock.now)
    record = cache.get("479755171614")
    assert record is not None
    assert record.cp_id == "479755171614"
    assert record.body == body
    assert record.fetched_at == user.clock.now
    assert record.expires_at == user.clock.now + dt.timedelta(hours=8)
    user.clock.advance(dt.timedelta(hours=3))
    assert record.age(user.clock.now) == dt.timedelta(hours=3)


def test_a_view_survives_closing_and_reopening(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(), user.clock.now)
    cache.close()
    with user.open() as again:
        record = again.get("479755171614")
    assert record is not None and record.body == view()


def test_a_later_fetch_replaces_the_earlier(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(given="Ada"), user.clock.now)
    user.clock.advance(dt.timedelta(hours=1))
    cache.put("479755171614", view(given="Adaline"), user.clock.now)
    record = cache.get("479755171614")
    assert record is not None
    assert record.body["given_name"] == "Adaline"
    assert record.fetched_at == user.clock.now
    assert [r.body["given_name"] for r in cache.search("Zzcachefamily")] == ["Adaline"]


def test_an_unknown_id_is_a_miss(cache: RecordCache) -> None:
    assert cache.get("479755171614") is None
    with pytest.raises(ValueError, match="ContactPoint ID"):
        cache.get("4797/5517")


def test_changing_a_returned_body_changes_nothing_cached(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(), user.clock.now)
    first = cache.get("479755171614")
    assert first is not None
    first.body["family_name"] = "Changed"
    second = cache.get("479755171614")
    assert second is not None and second.body["family_name"] == "Zzcachefamily"


def test_a_record_repr_names_no_one(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(), user.clock.now)
    record = cache.get("479755171614")
    assert "Zzcache" not in repr(record)
    assert "479755171614" in repr(record)


# --- offline search over this user's own cached views -----------------------------------


def test_search_matches_folded_names_and_the_date_of_birth(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(family="O'Zzcache-Smith", given="Zoë"), user.clock.now)
    cache.put(TWIN_ID, view(TWIN_ID, family="O'Zzcache-Smith", given="Bea"), user.clock.now)
    cache.put(OTHER_ID, view(OTHER_ID, family="Zzother", born="2012-01-01"), user.clock.now)

    both = cache.search("ozzcache smith", dt.date(2015, 3, 7))
    assert [r.cp_id for r in both] == [TWIN_ID, "479755171614"]  # ordered by given name
    assert [r.cp_id for r in cache.search("OZZCACHE-SMITH", given_name="zoe")] == ["479755171614"]
    assert cache.search("O'Zzcache-Smith", "2015-03-08") == []
    assert cache.search("Zzcache") == []  # exact on the folded name, not a prefix


def test_search_needs_a_family_name_and_a_real_date(cache: RecordCache) -> None:
    with pytest.raises(ValueError, match="family name"):
        cache.search(" '- ")
    with pytest.raises(ValueError):
        cache.search("Zzcachefamily", "07/03/2015")


def test_search_finds_nothing_in_an_empty_cache(cache: RecordCache) -> None:
    assert cache.search("Zzcachefamily", "2015-03-07") == []


# --- what may never be cached ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (view(level="override", cacheable=False), "never cached"),
        # Belt and braces: refused even if a directory ever marked them cacheable.
        (view(level="override", cacheable=True), "never cached"),
        (view(level="management", cacheable=True), "never cached"),
        (view(cacheable=False), "did not mark"),
        ({k: v for k, v in view().items() if k != "cacheable"}, "did not mark"),
        (view(cacheable="true"), "did not mark"),
        (view(level="archived", cacheable=True), "standard and shielded"),
        (view(cp_id=TWIN_ID), "not the record"),
        # A search answer, or its criteria, are not a child's view.
        ({"matches": [{"cp_id": "479755171614"}], "too_many": False}, "did not mark"),
        ({"family_name": "Zzcachefamily", "date_of_birth": "2015-03-07"}, "did not mark"),
    ],
)
def test_views_that_may_not_be_kept_are_refused_and_not_written(
    user: User, cache: RecordCache, body: dict[str, object], why: str
) -> None:
    with pytest.raises(NotCacheable, match=why):
        cache.put("479755171614", body, user.clock.now)
    assert cache.get("479755171614") is None
    assert not user.file.exists()  # not even the file was made for it


def test_a_shielded_view_marked_cacheable_is_kept(user: User, cache: RecordCache) -> None:
    assert cache.put("479755171614", view(level="shielded"), user.clock.now)
    assert cache.get("479755171614") is not None


def test_a_body_that_is_not_json_is_refused(user: User, cache: RecordCache) -> None:
    with pytest.raises(NotCacheable, match="JSON"):
        cache.put("479755171614", view(note=float("nan")), user.clock.now)
    with pytest.raises(NotCacheable, match="JSON"):
        cache.put("479755171614", view(born_on=dt.date(2015, 3, 7)), user.clock.now)


def test_times_must_carry_a_timezone(cache: RecordCache) -> None:
    with pytest.raises(ValueError, match="timezone"):
        cache.put("479755171614", view(), dt.datetime(2026, 6, 15, 9, 0))


# --- statistics, closing, deleting -------------------------------------------------------


def test_stats_count_without_naming(user: User, cache: RecordCache) -> None:
    empty = cache.stats()
    assert (empty.entries, empty.file_bytes, empty.oldest_fetched_at) == (0, 0, None)
    cache.put("479755171614", view(), user.clock.now - dt.timedelta(hours=2))
    cache.put(TWIN_ID, view(TWIN_ID), user.clock.now)
    stats = cache.stats()
    assert stats.entries == 2
    assert stats.file_bytes == user.file.stat().st_size > 0
    assert stats.oldest_fetched_at == user.clock.now - dt.timedelta(hours=2)
    assert stats.lifetime == dt.timedelta(hours=8)


def test_a_closed_cache_refuses_every_call(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(), user.clock.now)
    cache.close()
    cache.close()  # idempotent
    with pytest.raises(CacheClosed):
        cache.get("479755171614")
    with pytest.raises(CacheClosed):
        cache.put("479755171614", view(), user.clock.now)
    with pytest.raises(CacheClosed):
        cache.delete()
    assert user.file.exists()  # closing keeps the file for the next session


def test_delete_removes_the_file_and_forgets_the_key(user: User, cache: RecordCache) -> None:
    cache.put("479755171614", view(), user.clock.now)
    assert user.file.exists() and user.keyring_entry is not None
    cache.delete()
    assert not user.file.exists()
    assert user.keyring_entry is None
    assert list(user.folder.iterdir()) == []  # no journal left either
    with pytest.raises(CacheClosed):
        cache.get("479755171614")


def test_an_older_fetch_arriving_late_never_replaces_a_newer_one(
    user: User, cache: RecordCache
) -> None:
    cache.put("479755171614", view(given="Newer"), user.clock.now)
    cache.put("479755171614", view(given="Older"), user.clock.now - dt.timedelta(minutes=5))
    record = cache.get("479755171614")
    assert record is not None
    assert record.body["given_name"] == "Newer"
    assert record.fetched_at == user.clock.now
    assert [r.body["given_name"] for r in cache.search("Zzcachefamily")] == ["Newer"]


def test_a_view_the_directory_no_longer_shows_can_be_forgotten(
    user: User, cache: RecordCache
) -> None:
    cache.put("479755171614", view(), user.clock.now)
    cache.put(TWIN_ID, view(TWIN_ID), user.clock.now)
    assert cache.remove("4797-5517-1614")
    assert not cache.remove("479755171614")
    assert cache.get("479755171614") is None
    assert [r.cp_id for r in cache.search("Zzcachefamily")] == [TWIN_ID]


def test_ids_lists_the_live_entries_only_to_ask_which_may_stay(
    user: User, cache: RecordCache
) -> None:
    assert cache.ids() == []
    cache.put(OTHER_ID, view(OTHER_ID), user.clock.now)
    user.clock.advance(dt.timedelta(hours=7))
    cache.put("4797 5517 1614", view(), user.clock.now)
    assert cache.ids() == ["479755171614", OTHER_ID]
    user.clock.advance(dt.timedelta(hours=2))  # the first has expired, unpurged
    assert cache.ids() == ["479755171614"]
