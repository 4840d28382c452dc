"""Offline reading (issue 5): records this user opened are kept in the encrypted cache and
shown, read-only with their age, while the directory cannot be reached; search offline
covers only those; the client goes back online without a new login; locking closes the
cache and unlocking opens it again; at sign-in, unlock and back online the cache keeps only
what the directory still confirms. Real SQLCipher, fake cards, the directory in-process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.records import SearchOutcome
from desktop.session import State
from desktop.session_cache import SessionCache
from sync import DirectoryUnreachable, TooMany
from sync.cache import KeyStore
from sync.cache.memory_keyring import MemoryKeyring
from tests.desktop.rig import DOB, FAMILY, WAIT_MS, Outcome, Rig, RigFactory
from tests.directory.test_revalidation import shield


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The cache lives in the user data folder; here, the test's own.
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def _rig(make_rig: RigFactory, **options: Any) -> tuple[Rig, SessionCache]:
    keyring = MemoryKeyring()
    cache = SessionCache(8, keystore=lambda: KeyStore(keyring, testing=True))
    return make_rig(cache=cache, **options), cache


def _open(rig: Rig, cp_id: str) -> tuple[Outcome, list[tuple[dict[str, Any], dt.datetime]]]:
    record, cached = Outcome(), []
    rig.controller.open_record(
        cp_id, record.success, record.failure, cached=lambda b, t: cached.append((b, t))
    )
    rig.qtbot.waitUntil(lambda: record.done or bool(cached), timeout=WAIT_MS)
    return record, cached


def _search(rig: Rig, family_name: str) -> Outcome:
    found = Outcome()
    rig.controller.search(
        {"family_name": family_name, "date_of_birth": DOB}, "exact", found.success, found.failure
    )
    rig.qtbot.waitUntil(lambda: found.done, timeout=WAIT_MS)
    return found


def test_an_opened_record_is_read_offline_with_its_fetch_time(
    make_rig: RigFactory, qtbot: QtBot, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    cp_id = rig.world.add_child(family_name=FAMILY)
    never_opened = rig.world.add_child(family_name="Zzneveropened")
    rig.start()
    rig.sign_in()
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    online, _ = _open(rig, cp_id)
    assert online.successes[0]["cp_id"] == cp_id
    files = list(data_home.rglob("*.db"))
    assert len(files) == 1
    assert FAMILY.encode() not in files[0].read_bytes()

    rig.network.down = True
    before = dt.datetime.now(dt.UTC)
    offline, cached = _open(rig, cp_id)
    assert not offline.done and cached[0][0]["cp_id"] == cp_id
    assert cached[0][1] <= before
    assert not rig.controller.status.online
    assert rig.controller.machine.state is State.ACTIVE  # the session is kept

    # Offline search finds only what this user opened, and says so.
    found = _search(rig, FAMILY)
    outcome = found.successes[0]
    assert isinstance(outcome, SearchOutcome) and outcome.offline
    assert [row.cp_id for row in outcome.rows] == [cp_id]
    assert "cannot be reached" in (outcome.message or "")
    missing, _ = _open(rig, never_opened)
    assert missing.problems and missing.problems[0].kind.value == "unreachable"


def test_back_online_without_a_new_login(
    make_rig: RigFactory, qtbot: QtBot, data_home: Path
) -> None:
    rig, cache = _rig(make_rig, probe_ms=100)
    cp_id = rig.world.add_child(family_name=FAMILY)
    rig.start()
    rig.sign_in()
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    _open(rig, cp_id)
    logins = rig.network.count("POST", "/v1/auth/sessions")
    rig.network.down = True
    _open(rig, cp_id)
    with qtbot.waitSignal(rig.controller.directory_status, timeout=WAIT_MS):
        rig.network.down = False
    assert rig.controller.status.online
    found = _search(rig, FAMILY)
    assert not found.successes[0].offline
    assert rig.network.count("POST", "/v1/auth/sessions") == logins


def test_the_card_removed_offline_locks_closes_the_cache_and_unlock_reopens_it(
    make_rig: RigFactory, qtbot: QtBot, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    cp_id = rig.world.add_child(family_name=FAMILY)
    rig.start()
    rig.sign_in()
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    _open(rig, cp_id)
    rig.network.down = True
    card = rig.cards["zz-practitioner"]
    with qtbot.waitSignal(rig.controller.locked, timeout=WAIT_MS):
        card.remove()
    qtbot.waitUntil(lambda: not cache.is_open, timeout=WAIT_MS)
    assert rig.controller.machine.state is State.LOCKED
    prompt = rig.prompt_after(card.insert)
    assert prompt.purpose == "unlock"
    rig.sign_in()  # the PIN unlocks: the same session, still offline
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    _, cached = _open(rig, cp_id)
    assert cached and cached[0][0]["cp_id"] == cp_id


def test_signing_out_closes_the_cache_and_no_cache_when_policy_says_none(
    make_rig: RigFactory, qtbot: QtBot, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    rig.start()
    rig.sign_in()
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    rig.controller.sign_out()
    qtbot.waitUntil(lambda: not cache.is_open, timeout=WAIT_MS)

    none = SessionCache(0)
    assert not none.enabled and none.search({"family_name": FAMILY}) is None


def test_offline_search_applies_every_criterion_and_never_finds_a_shielded_child_by_postcode(
    make_rig: RigFactory, qtbot: QtBot, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    shown = rig.world.add_child(family_name=FAMILY, given_name="Open", postcode="LS6 2AB")
    hidden = rig.world.add_child(
        family_name=FAMILY, given_name="Hidden", postcode="LS6 2AB", shielded=True
    )
    rig.start()
    rig.sign_in()
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    for cp_id in (shown, hidden):
        _open(rig, cp_id)  # the shielded view (four fields) is cacheable as sent
    rig.network.down = True

    def offline(**extra: str | int) -> list[str]:
        found = Outcome()
        criteria: dict[str, str | int] = {"family_name": FAMILY, "date_of_birth": DOB, **extra}
        rig.controller.search(criteria, "exact", found.success, found.failure)
        qtbot.waitUntil(lambda: found.done, timeout=WAIT_MS)
        return sorted(row.cp_id for row in found.successes[0].rows)

    assert offline() == sorted([shown, hidden])
    # A postcode is a hidden field: the shielded child's view has no address to match.
    assert offline(postcode="LS6 2AB") == [shown]
    assert offline(postcode="LS6") == [shown]
    assert offline(postcode="LS61") == []
    assert offline(gender="male") == []
    assert offline(cp_id=hidden) == [hidden]


# --- revalidation (issue 9): what the directory no longer shows in full goes at once ------


def _cached_then_shielded(rig: Rig, cache: SessionCache) -> tuple[str, str]:
    """Sign in, open two records (both cached), then shield the second at the directory."""
    stays = rig.world.add_child(family_name=FAMILY, given_name="Stays")
    shielded = rig.world.add_child(family_name=FAMILY, given_name="Shielded")
    rig.start()
    rig.sign_in()
    rig.qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    for cp_id in (stays, shielded):
        _open(rig, cp_id)
    assert cache.lookup(stays) is not None and cache.lookup(shielded) is not None
    shield(rig.engine, shielded)
    return stays, shielded


def _gone_and_unreadable_offline(rig: Rig, cache: SessionCache, stays: str, gone: str) -> None:
    # Open again (a closed cache finds nothing), and without the shielded child.
    rig.qtbot.waitUntil(lambda: cache.is_open and cache.lookup(gone) is None, timeout=WAIT_MS)
    assert cache.lookup(stays) is not None
    rig.network.down = True
    missing, cached = _open(rig, gone)
    assert cached == [] and missing.problems[0].kind.value == "unreachable"
    _, kept = _open(rig, stays)
    assert kept and kept[0][0]["cp_id"] == stays


def test_a_child_shielded_since_it_was_cached_is_dropped_at_the_next_sign_in(
    make_rig: RigFactory, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    stays, shielded = _cached_then_shielded(rig, cache)
    rig.prompt_after(rig.controller.sign_out)
    asked = rig.network.count("POST", "/v1/children/cacheable")
    rig.sign_in()
    _gone_and_unreadable_offline(rig, cache, stays, shielded)
    assert rig.network.count("POST", "/v1/children/cacheable") > asked


def test_a_child_shielded_since_it_was_cached_is_dropped_at_unlock(
    make_rig: RigFactory, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    stays, shielded = _cached_then_shielded(rig, cache)
    prompt = rig.prompt_after(rig.controller.lock_now)
    assert prompt.purpose == "unlock"
    rig.sign_in()
    _gone_and_unreadable_offline(rig, cache, stays, shielded)


def test_a_child_shielded_while_offline_is_dropped_when_the_directory_is_back(
    make_rig: RigFactory, qtbot: QtBot, data_home: Path
) -> None:
    rig, cache = _rig(make_rig, probe_ms=100)
    stays = rig.world.add_child(family_name=FAMILY, given_name="Stays")
    shielded = rig.world.add_child(family_name=FAMILY, given_name="Shielded")
    rig.start()
    rig.sign_in()
    qtbot.waitUntil(lambda: cache.is_open, timeout=WAIT_MS)
    for cp_id in (stays, shielded):
        _open(rig, cp_id)
    rig.network.down = True
    _, cached = _open(rig, shielded)  # offline: read from the cache, as it should be
    assert cached
    shield(rig.engine, shielded)
    with qtbot.waitSignal(rig.controller.directory_status, timeout=WAIT_MS):
        rig.network.down = False
    _gone_and_unreadable_offline(rig, cache, stays, shielded)


def test_a_refused_revalidation_drops_everything_it_asked_about(
    make_rig: RigFactory, data_home: Path
) -> None:
    rig, cache = _rig(make_rig)
    stays, shielded = _cached_then_shielded(rig, cache)

    def refused(_: object) -> frozenset[str]:
        raise TooMany("rate_limited", "Too many.", "cid", 429, None)

    with pytest.raises(TooMany):
        cache.revalidate(refused)
    assert cache.lookup(stays) is None and cache.lookup(shielded) is None


def test_an_unreachable_directory_drops_nothing(make_rig: RigFactory, data_home: Path) -> None:
    rig, cache = _rig(make_rig)
    stays, shielded = _cached_then_shielded(rig, cache)

    def unreachable(_: object) -> frozenset[str]:
        raise DirectoryUnreachable("connect")

    with pytest.raises(DirectoryUnreachable):
        cache.revalidate(unreachable)
    assert cache.lookup(stays) is not None and cache.lookup(shielded) is not None
