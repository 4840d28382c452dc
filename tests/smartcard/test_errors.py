"""python-pkcs11 exceptions become the package's own, with readable messages."""

from __future__ import annotations

import pkcs11.exceptions as ck
import pytest

from smartcard import (
    KeyMissing,
    NotLoggedIn,
    NoToken,
    PinError,
    PinLocked,
    PinMustChange,
    TokenError,
    TokenRemoved,
    WrongPin,
)
from smartcard.translate import translate, translated


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (ck.PinIncorrect, WrongPin),
        (ck.PinLenRange, WrongPin),
        (ck.PinLocked, PinLocked),
        (ck.PinExpired, PinMustChange),
        (ck.TokenNotPresent, TokenRemoved),
        (ck.DeviceRemoved, TokenRemoved),
        (ck.SessionHandleInvalid, TokenRemoved),
        (ck.SessionClosed, TokenRemoved),
        (ck.NoSuchToken, NoToken),
        (ck.NoSuchKey, KeyMissing),
        (ck.UserNotLoggedIn, NotLoggedIn),
        (ck.GeneralError, TokenError),
    ],
)
def test_translation(raised: type[ck.PKCS11Error], expected: type[TokenError]) -> None:
    error = translate(raised())
    assert type(error) is expected
    assert str(error).endswith(".") and str(error)[0].isupper()


def test_pin_errors_share_a_base() -> None:
    assert all(issubclass(cls, PinError) for cls in (WrongPin, PinLocked, PinMustChange))


def test_translated_keeps_the_cause() -> None:
    with pytest.raises(TokenRemoved) as caught, translated():
        raise ck.DeviceRemoved()
    assert isinstance(caught.value.__cause__, ck.DeviceRemoved)


def test_unknown_errors_name_the_pkcs11_code() -> None:
    assert "DeviceMemory" in str(translate(ck.DeviceMemory()))
