"""One thread owns the cache's connection: calls from anywhere run there, one at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from devices import WrongThread
from smartcard.errors import NotLoggedIn
from sync.cache import CacheClosed, RecordCache
from tests.sync.cache_support import User, view


@pytest.fixture
def user(tmp_path: Path) -> User:
    return User(tmp_path)


@pytest.fixture
def cache(user: User) -> Iterator[RecordCache]:
    opened = user.open()
    yield opened
    opened.close()


def _cp_id(n: int) -> str:
    return f"{n:012d}"


def test_calls_from_many_threads_all_run_on_the_one_worker(user: User, cache: RecordCache) -> None:
    # sqlite itself refuses a connection used off the thread that made it, so every one
    # of these would raise if any ran anywhere but the worker.
    def work(n: int) -> tuple[bool, bool]:
        stored = cache.put(_cp_id(n), view(_cp_id(n), given=f"Zz{n}"), user.clock.now)
        return stored, cache.get(_cp_id(n)) is not None

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(40)))
    assert results == [(True, True)] * 40
    assert cache.stats().entries == 40
    assert len(cache.search("Zzcachefamily", "2015-03-07")) == 40


def test_the_worker_is_not_the_callers_thread(cache: RecordCache) -> None:
    assert cache.worker.thread_ident not in (None, threading.get_ident())
    with pytest.raises(WrongThread):
        cache.worker.assert_current()
    cache.worker.run(cache.worker.assert_current)


def test_every_connection_is_made_on_the_worker(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spy, not a mock: the real sqlcipher3.connect runs; only the thread is noted.
    made_on: list[int] = []
    real_connect = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        made_on.append(threading.get_ident())
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(sqlcipher3, "connect", connect)
    with user.open() as cache:
        cache.put(_cp_id(1), view(_cp_id(1)), user.clock.now)  # creates the file
    with user.open() as cache:  # opens the existing file
        assert cache.get(_cp_id(1)) is not None
        worker = cache.worker.thread_ident
    assert len(made_on) == 2
    assert made_on[1] == worker
    assert threading.get_ident() not in made_on


def test_work_queued_behind_close_is_refused_not_run(user: User) -> None:
    cache = user.open()
    gate = threading.Event()
    blocker = cache.worker.submit(gate.wait)  # holds the worker while the others queue
    with ThreadPoolExecutor(2) as pool:
        late = pool.submit(cache.get, _cp_id(1))
        closing = pool.submit(cache.close)
        gate.set()
        blocker.result()
        closing.result()
        outcome = late.exception()
    # Either the get ran before close (a miss) or it was refused: never an sqlite error.
    assert outcome is None or isinstance(outcome, CacheClosed)
    with pytest.raises(CacheClosed):
        cache.get(_cp_id(1))


def test_open_and_close_leave_no_thread_behind(user: User) -> None:
    before = {t.ident for t in threading.enumerate()}
    for _ in range(3):
        with user.open() as cache:
            cache.put(_cp_id(1), view(_cp_id(1)), user.clock.now)
    user.token.logout()
    with pytest.raises(NotLoggedIn):
        user.open()  # failed while unwrapping, on the worker: the worker is stopped too
    assert {t.ident for t in threading.enumerate()} <= before
