"""Changing the user PIN on real SoftHSM (C_SetPIN in a public R/W session).

SoftHSM cannot set CKF_USER_PIN_TO_BE_CHANGED, so a card that insists on the change is
the fake's (tests/smartcard/test_fake_pin_change.py). The token here ("grace") is the PIN
change tests' own; each test leaves it with its provisioned PIN.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smartcard import NewPinRefused, PinLengths, Pkcs11Module, Token, WrongPin
from tests.smartcard.conftest import Training

NEW_PIN = "97531864"


def pin_of(text: str) -> bytearray:
    return bytearray(text.encode())


@pytest.fixture
def grace(module: Pkcs11Module, training: Training) -> Iterator[Token]:
    token = module.open_token(training.pin_change.label)
    try:
        yield token
    finally:
        token.logout()


def test_softhsm_reports_its_pin_lengths(grace: Token) -> None:
    # SoftHSM 2's MIN_PIN_LEN and MAX_PIN_LEN, read from CK_TOKEN_INFO.
    assert grace.pin_lengths() == PinLengths(4, 255)


def test_the_new_pin_logs_in_and_the_old_one_no_longer_does(
    grace: Token, training: Training
) -> None:
    provisioned = training.pin_change.user_pin
    old, new = pin_of(provisioned), pin_of(NEW_PIN)
    grace.change_pin(old, new)
    try:
        assert not any(old) and not any(new)  # both wiped
        assert not grace.logged_in  # a public session: the change logs nobody in
        with pytest.raises(WrongPin):
            grace.login(pin_of(provisioned))
        grace.login(pin_of(NEW_PIN))
        assert grace.logged_in
        assert grace.sign(b"challenge")  # the keys are the same keys behind the new PIN
    finally:
        grace.logout()
        grace.change_pin(pin_of(NEW_PIN), pin_of(provisioned))
    grace.login(pin_of(provisioned))
    assert grace.logged_in


def test_a_change_while_logged_in_keeps_the_login(grace: Token, training: Training) -> None:
    provisioned = training.pin_change.user_pin
    grace.login(pin_of(provisioned))
    grace.change_pin(pin_of(provisioned), pin_of(NEW_PIN))
    try:
        assert grace.logged_in
        assert grace.sign(b"still signed in")
    finally:
        grace.change_pin(pin_of(NEW_PIN), pin_of(provisioned))


def test_a_wrong_current_pin_changes_nothing(grace: Token, training: Training) -> None:
    provisioned = training.pin_change.user_pin
    wrong = "000000" if provisioned != "000000" else "111111"
    old, new = pin_of(wrong), pin_of(NEW_PIN)
    with pytest.raises(WrongPin) as caught:
        grace.change_pin(old, new)
    assert not any(old) and not any(new)
    assert caught.value.pin_state is not None
    assert provisioned not in str(caught.value) and NEW_PIN not in str(caught.value)
    with pytest.raises(WrongPin):
        grace.login(pin_of(NEW_PIN))
    grace.login(pin_of(provisioned))  # the PIN is still the old one
    assert grace.logged_in


@pytest.mark.parametrize("length", [3, 256])
def test_a_new_pin_the_card_will_not_take_is_refused(
    grace: Token, training: Training, length: int
) -> None:
    provisioned = training.pin_change.user_pin
    new = pin_of("7" * length)
    with pytest.raises(NewPinRefused):
        grace.change_pin(pin_of(provisioned), new)
    assert not any(new)
    grace.login(pin_of(provisioned))
    assert grace.logged_in
