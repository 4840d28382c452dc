"""The presence poller: insertion, removal, swaps, module errors, and its thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from smartcard import (
    Pkcs11Module,
    PresenceEvent,
    PresencePoller,
    TokenArrived,
    TokenDeparted,
    TokenError,
    TokenId,
)
from smartcard.fake import FakeToken
from smartcard.fake_module import FakeModule
from tests.smartcard.conftest import Training

WAIT = 5.0  # bounded waits for the threaded test; it finishes in a few short intervals


@pytest.fixture
def card() -> FakeToken:
    return FakeToken("alice", serial="a1")


@pytest.fixture
def fake_module(card: FakeToken) -> Iterator[FakeModule]:
    with FakeModule([card]) as module:
        yield module


class Recorder:
    def __init__(self) -> None:
        self.events: list[PresenceEvent] = []
        self.changed = threading.Condition()

    def __call__(self, event: PresenceEvent) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def wait_for(self, count: int) -> list[PresenceEvent]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.events) >= count, WAIT), self.events
            return list(self.events)


def id_of(card: FakeToken) -> TokenId:
    return TokenId(card.label, card.serial, card.certificate_fingerprint)


def test_insert_and_remove(fake_module: FakeModule, card: FakeToken) -> None:
    card.remove()
    recorder = Recorder()
    poller = PresencePoller(fake_module, recorder)
    assert poller.poll_once() == []  # nothing there at the start: nothing to say
    card.insert()
    assert poller.poll_once() == [TokenArrived(id_of(card))]
    assert poller.poll_once() == []  # still there: no repeat
    assert poller.current == id_of(card)
    card.remove()
    assert poller.poll_once() == [TokenDeparted()]
    assert recorder.events == [TokenArrived(id_of(card)), TokenDeparted()]
    assert poller.current is None


def test_swap_reports_departure_then_arrival(fake_module: FakeModule, card: FakeToken) -> None:
    poller = PresencePoller(fake_module, Recorder())
    poller.poll_once()
    other = FakeToken("bob", serial="b2")
    fake_module.add(other)
    assert poller.poll_once() == []  # the followed token is still in: keep following it
    card.remove()
    assert poller.poll_once() == [TokenDeparted(), TokenArrived(id_of(other))]


def test_same_label_other_serial_is_another_token(fake_module: FakeModule, card: FakeToken) -> None:
    poller = PresencePoller(fake_module, Recorder())
    poller.poll_once()
    card.remove()
    other = FakeToken("alice", serial="a2")
    fake_module.add(other)
    assert poller.poll_once() == [TokenDeparted(), TokenArrived(id_of(other))]


def test_same_label_and_serial_other_certificate_is_another_token(
    fake_module: FakeModule, card: FakeToken
) -> None:
    # tpm2-pkcs11 gives every token the serial 0000000000000000: only the certificate differs.
    poller = PresencePoller(fake_module, Recorder())
    poller.poll_once()
    card.remove()
    other = FakeToken("alice", serial=card.serial)
    fake_module.add(other)
    events = poller.poll_once()
    assert events == [TokenDeparted(), TokenArrived(id_of(other))]
    assert id_of(other) != id_of(card) and id_of(other).serial == id_of(card).serial


def test_token_id_text_round_trips_even_with_a_slash_in_the_label() -> None:
    token_id = TokenId("Leeds/Alice", "0000000000000000", "ab" * 32)
    assert TokenId.parse(str(token_id)) == token_id


def test_module_error_is_reported_as_removal(fake_module: FakeModule, card: FakeToken) -> None:
    recorder = Recorder()
    poller = PresencePoller(fake_module, recorder)
    poller.poll_once()
    fake_module.fail_with(TokenError("The reader was unplugged."))
    assert poller.poll_once() == [TokenDeparted()]
    fake_module.fail_with(RuntimeError("a vendor module's own exception"))
    assert poller.poll_once() == []  # still gone, nothing new
    fake_module.fail_with(None)
    assert poller.poll_once() == [TokenArrived(id_of(card))]


def test_failing_listener_does_not_stop_the_poller(
    fake_module: FakeModule, card: FakeToken
) -> None:
    def broken(event: PresenceEvent) -> None:
        raise ValueError("listener bug")

    poller = PresencePoller(fake_module, broken)
    assert poller.poll_once() == [TokenArrived(id_of(card))]
    card.remove()
    assert poller.poll_once() == [TokenDeparted()]


def test_threaded_run_reports_changes_and_stops(fake_module: FakeModule, card: FakeToken) -> None:
    recorder = Recorder()
    poller = PresencePoller(fake_module, recorder, interval=0.02)
    poller.start()
    poller.start()  # idempotent: still one thread
    try:
        assert poller.running
        assert recorder.wait_for(1) == [TokenArrived(id_of(card))]
        fake_module.fail_with(TokenError("The reader was unplugged."))  # mid-run
        assert recorder.wait_for(2)[1] == TokenDeparted()
        fake_module.fail_with(None)
        assert recorder.wait_for(3)[2] == TokenArrived(id_of(card))
        card.remove()
        assert recorder.wait_for(4)[3] == TokenDeparted()
    finally:
        poller.stop()
    threads = [t for t in threading.enumerate() if t.name == "token-presence"]
    assert not poller.running and threads == []
    poller.stop()  # idempotent
    count = len(recorder.events)
    card.insert()
    assert poller.poll_once() == [TokenArrived(id_of(card))]  # poll_once works while stopped
    assert len(recorder.events) == count + 1

    poller.start()  # and it can run again
    poller.stop()
    assert not poller.running


def test_interval_must_be_positive(fake_module: FakeModule) -> None:
    with pytest.raises(ValueError, match="positive"):
        PresencePoller(fake_module, Recorder(), interval=0)


def test_real_softhsm_tokens_are_seen(module: Pkcs11Module, training: Training) -> None:
    poller = PresencePoller(module, Recorder())
    [event] = poller.poll_once()
    # The poller follows the token in the lowest slot; SoftHSM holds the session's tokens.
    assert isinstance(event, TokenArrived)
    labels = {info.label: info.serial for info in module.tokens()}
    assert {training.ec.label, training.rsa.label, training.wrong_pin.label} <= set(labels)
    assert event.token_id.serial == labels[event.token_id.label]
    assert poller.poll_once() == []
