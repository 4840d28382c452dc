"""TokenWatch: presence reports arrive as signals on the GUI thread; the picker's list is
what the last poll saw, and asking for it never calls the module."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot

from desktop.login import TokenChoice
from desktop.token_watch import TokenWatch
from smartcard import TokenError, TokenInfo
from smartcard.fake import FakeToken
from smartcard.fake_module import FakeModule
from tests.event_loop import drain_events

INTERVAL = 0.05


class CountingModule(FakeModule):
    """A FakeModule that records the thread of every tokens() call."""

    def __init__(self, tokens: list[FakeToken]) -> None:
        super().__init__(tokens)
        self.threads: list[int] = []

    def tokens(self) -> list[TokenInfo]:
        self.threads.append(threading.get_ident())
        return super().tokens()


@pytest.fixture
def alice() -> FakeToken:
    return FakeToken("alice", serial="a1")


@pytest.fixture
def module(alice: FakeToken) -> Iterator[CountingModule]:
    with CountingModule([alice]) as fake:
        yield fake


@pytest.fixture
def watch(qtbot: QtBot, module: CountingModule) -> Iterator[TokenWatch]:
    watching = TokenWatch(module, interval=INTERVAL)
    yield watching
    watching.stop()


def token_id(card: FakeToken) -> str:
    """The id the watch reports: label, serial and the certificate's fingerprint."""
    return f"{card.label}/{card.serial}/{card.certificate_fingerprint}"


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_arrival_and_departure_are_signals_on_the_gui_thread(
    qtbot: QtBot, watch: TokenWatch, alice: FakeToken
) -> None:
    seen: list[tuple[str, bool]] = []
    # Plain callables, not slots: they must still run on the GUI thread.
    watch.arrived.connect(lambda token_id: seen.append((token_id, on_gui_thread())))
    watch.departed.connect(lambda: seen.append(("departed", on_gui_thread())))
    with qtbot.waitSignal(watch.arrived, timeout=2000) as arrived:
        watch.start()
    assert arrived.args == [token_id(alice)]
    with qtbot.waitSignal(watch.departed, timeout=2000):
        alice.remove()
    with qtbot.waitSignal(watch.arrived, timeout=2000):
        alice.insert()
    assert seen == [(token_id(alice), True), ("departed", True), (token_id(alice), True)]


def test_present_lists_every_token_the_last_poll_saw(
    qtbot: QtBot, watch: TokenWatch, module: CountingModule, alice: FakeToken
) -> None:
    assert watch.present() == []  # nothing polled yet
    bob = FakeToken("bob", serial="b2")
    module.add(bob)
    with qtbot.waitSignal(watch.arrived, timeout=2000):
        watch.start()
    qtbot.waitUntil(lambda: len(watch.present()) == 2, timeout=2000)
    assert watch.present() == [
        TokenChoice(token_id=token_id(alice), label="alice"),
        TokenChoice(token_id=token_id(bob), label="bob"),
    ]
    bob.remove()
    qtbot.waitUntil(lambda: len(watch.present()) == 1, timeout=2000)


def test_present_never_calls_the_module_on_the_gui_thread(
    qtbot: QtBot, watch: TokenWatch, module: CountingModule, alice: FakeToken
) -> None:
    with qtbot.waitSignal(watch.arrived, timeout=2000):
        watch.start()
    for _ in range(5):
        assert [choice.token_id for choice in watch.present()] == [token_id(alice)]
    assert module.threads and set(module.threads) == {module.worker.thread_ident}
    assert threading.get_ident() not in module.threads


def test_a_failing_module_is_a_departure_and_an_empty_list(
    qtbot: QtBot, watch: TokenWatch, module: CountingModule
) -> None:
    with qtbot.waitSignal(watch.arrived, timeout=2000):
        watch.start()
    with qtbot.waitSignal(watch.departed, timeout=2000):
        module.fail_with(TokenError("The reader was unplugged."))
    assert watch.present() == []
    with qtbot.waitSignal(watch.arrived, timeout=2000):
        module.fail_with(None)


def test_after_stop_nothing_more_is_reported(
    qtbot: QtBot, watch: TokenWatch, alice: FakeToken
) -> None:
    with qtbot.waitSignal(watch.arrived, timeout=2000):
        watch.start()
    watch.stop()
    assert not watch.running
    # stop() has ended the poller thread: no poll can come, and a report already queued
    # is delivered (and must be dropped) here.
    with qtbot.assertNotEmitted(watch.departed):
        alice.remove()
        drain_events()
