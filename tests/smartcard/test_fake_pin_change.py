"""The fake token's PIN change: what SoftHSM cannot show (a PIN that must change first, a
locked card, the last try), counted on the same counter as a login."""

from __future__ import annotations

import pytest

from smartcard import NewPinRefused, PinLengths, PinLocked, PinMustChange, TokenError, WrongPin
from smartcard.fake import FakeToken

PIN = "246810"
NEW = "1357"


def pin_of(text: str) -> bytearray:
    return bytearray(text.encode())


def test_a_card_whose_pin_must_change_logs_in_once_changed() -> None:
    card = FakeToken("new", pin=PIN, must_change=True)
    assert card.pin_state().must_change
    with pytest.raises(PinMustChange):
        card.login(pin_of(PIN))
    old, new = pin_of(PIN), pin_of(NEW)
    card.change_pin(old, new)
    assert not any(old) and not any(new)
    assert not card.pin_state().must_change
    card.login(pin_of(NEW))
    assert card.logged_in


def test_a_wrong_current_pin_counts_like_a_wrong_login_and_changes_nothing() -> None:
    card = FakeToken("alice", pin=PIN, max_tries=3, must_change=True)
    with pytest.raises(WrongPin) as first:
        card.change_pin(pin_of("000000"), pin_of(NEW))
    assert first.value.pin_state is not None and first.value.pin_state.count_low
    with pytest.raises(WrongPin, match="One more wrong PIN") as second:
        card.login(pin_of("000000"))  # one counter for both
    assert second.value.pin_state is not None and second.value.pin_state.final_try
    with pytest.raises(PinLocked):
        card.change_pin(pin_of("000000"), pin_of(NEW))
    with pytest.raises(PinLocked):  # locked: even the right PIN changes nothing
        card.change_pin(pin_of(PIN), pin_of(NEW))
    assert card.pin_state().locked and card.pin_state().must_change


def test_the_right_current_pin_restores_the_tries() -> None:
    card = FakeToken("alice", pin=PIN, max_tries=3)
    with pytest.raises(WrongPin):
        card.login(pin_of("000000"))
    card.change_pin(pin_of(PIN), pin_of(NEW))
    assert card.tries_left == 3


@pytest.mark.parametrize("new", ["123", "123456789"])
def test_the_card_refuses_a_new_pin_outside_its_lengths(new: str) -> None:
    card = FakeToken("alice", pin=PIN, lengths=PinLengths(4, 8))
    assert card.pin_lengths() == PinLengths(4, 8)
    buffer = pin_of(new)
    with pytest.raises(NewPinRefused):
        card.change_pin(pin_of(PIN), buffer)
    assert not any(buffer)
    card.login(pin_of(PIN))  # unchanged
    assert card.logged_in


def test_a_pin_pad_reader_changes_its_pin_on_the_keypad() -> None:
    card = FakeToken("pad", pin=PIN, pin_pad=True)
    with pytest.raises(TokenError, match="keypad"):
        card.change_pin(bytearray(), bytearray())
