"""The fake token: what SoftHSM cannot do (removal, final try, locked PIN, PIN pad)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from smartcard import (
    NotLoggedIn,
    NoToken,
    PinLocked,
    PinMustChange,
    PinState,
    Pkcs11Module,
    Token,
    TokenLike,
    TokenRemoved,
    TokenSource,
    WrongPin,
    wrap_for_token,
)
from smartcard.fake import FakeToken
from smartcard.fake_module import FakeModule

PIN = "246810"


def pin_of(text: str) -> bytearray:
    return bytearray(text.encode())


@pytest.fixture
def card() -> FakeToken:
    return FakeToken("alice", pin=PIN, max_tries=3)


@pytest.fixture
def fake_module(card: FakeToken) -> Iterator[FakeModule]:
    with FakeModule([card]) as module:
        yield module


def conforms(real: Pkcs11Module, real_token: Token, fake: FakeModule, card: FakeToken) -> None:
    """Never called: mypy checks that the real driver and the fake satisfy one protocol."""
    source: TokenSource = real
    source = fake
    token: TokenLike = real_token
    token = card
    del source, token


def test_module_lists_and_opens_present_tokens(fake_module: FakeModule, card: FakeToken) -> None:
    [info] = fake_module.tokens()
    assert (info.label, info.serial) == ("alice", card.serial)
    assert info.pin_state == PinState(False, False, False, False, False)
    assert fake_module.open_token("alice") is card
    with pytest.raises(NoToken):
        fake_module.open_token("bob")


def test_module_calls_run_on_its_worker(fake_module: FakeModule) -> None:
    seen: list[bool] = []
    fake_module.worker.run(lambda: seen.append(fake_module.worker.is_current()))
    assert seen == [True]
    assert not fake_module.worker.is_current()
    assert fake_module.tokens()  # dispatched to the worker from here


def test_login_zeroes_pin_and_signs_with_the_certificate_key(card: FakeToken) -> None:
    pin = pin_of(PIN)
    card.login(pin)
    assert pin == bytearray(len(PIN))
    assert card.logged_in
    certificate = x509.load_der_x509_certificate(card.certificate_der())
    assert "FAKE" in certificate.subject.rfc4514_string()
    public = certificate.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(card.sign(b"challenge"), b"challenge", ec.ECDSA(hashes.SHA256()))


def test_unwrap_undoes_wrap_for_token(card: FakeToken) -> None:
    key = bytes(range(32))
    wrapped = wrap_for_token(card.key_management(), key)
    with pytest.raises(NotLoggedIn):
        card.unwrap(wrapped)
    card.login(pin_of(PIN))
    assert card.unwrap(wrapped) == key


def test_pin_state_walk_to_locked(fake_module: FakeModule, card: FakeToken) -> None:
    wrong = pin_of("000000")
    with pytest.raises(WrongPin) as first:
        card.login(wrong)
    assert wrong == bytearray(6)  # zeroed on failure too
    assert first.value.pin_state == PinState(True, False, False, False, False)
    assert fake_module.pin_state("alice").count_low

    with pytest.raises(WrongPin, match="One more wrong PIN") as second:
        card.login(pin_of("000000"))
    assert second.value.pin_state is not None and second.value.pin_state.final_try
    assert fake_module.tokens()[0].pin_state.final_try  # flags carry it too

    with pytest.raises(PinLocked):
        card.login(pin_of("000000"))
    assert card.pin_state().locked
    right = pin_of(PIN)
    with pytest.raises(PinLocked):
        card.login(right)  # even the right PIN, once locked
    assert right == bytearray(len(PIN))
    assert not card.logged_in and card.tries_left == 0

    card.unblock()
    card.login(pin_of(PIN))
    assert card.pin_state() == PinState(False, False, False, False, False)


def test_right_pin_resets_the_counter(card: FakeToken) -> None:
    with pytest.raises(WrongPin):
        card.login(pin_of("1"))
    card.login(pin_of(PIN))
    assert not card.pin_state().count_low and card.tries_left == 3


def test_removal_mid_session_raises_token_removed(fake_module: FakeModule, card: FakeToken) -> None:
    token = fake_module.open_token("alice")
    token.login(pin_of(PIN))
    card.remove()
    for operation in (
        lambda: token.sign(b"m"),
        lambda: token.unwrap(b"w"),
        token.certificate_der,
        token.pin_state,
        lambda: token.login(pin_of(PIN)),
    ):
        with pytest.raises(TokenRemoved):
            operation()
    token.logout()  # like the real Token: not an error once removed
    assert fake_module.tokens() == []
    with pytest.raises(NoToken):
        fake_module.pin_state("alice")

    card.insert()
    with pytest.raises(NotLoggedIn):  # back in the reader, but the login did not survive
        token.sign(b"m")


def test_pin_pad_flag_and_entry() -> None:
    card = FakeToken("pad", pin=PIN, pin_pad=True)
    assert card.pin_state().protected_authentication_path
    assert card.info(0).pin_state.protected_authentication_path
    card.login(bytearray())  # the person types on the reader, not in the client
    assert card.logged_in
    card.logout()
    card.pad_entry = "999999"
    with pytest.raises(WrongPin):
        card.login(bytearray())


def test_must_change(card: FakeToken) -> None:
    card.must_change = True
    with pytest.raises(PinMustChange):
        card.login(pin_of(PIN))
    assert not card.logged_in
