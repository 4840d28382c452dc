"""Translation of python-pkcs11 exceptions into the `smartcard.errors` hierarchy.

python-pkcs11 raises one class per CKR_* return value. Callers of this package should not
have to know PKCS#11, so every call into the library runs inside `translated()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pkcs11.exceptions as ck

from smartcard.errors import (
    KeyMissing,
    NotLoggedIn,
    NoToken,
    PinLocked,
    PinMustChange,
    TokenError,
    TokenRemoved,
    WrongPin,
)

# CKR_SESSION_HANDLE_INVALID and CKR_SESSION_CLOSED are what most modules (SoftHSM
# included) return once the token behind a session has gone, rather than
# CKR_DEVICE_REMOVED, so they count as removal too.
_REMOVED = (
    ck.TokenNotPresent,
    ck.DeviceRemoved,
    ck.SessionHandleInvalid,
    ck.SessionClosed,
    ck.TokenNotRecognised,
    ck.SlotIDInvalid,
)
_KEY_MISSING = (ck.NoSuchKey, ck.KeyHandleInvalid, ck.ObjectHandleInvalid)
# CKR_PIN_INVALID / CKR_PIN_LEN_RANGE: the PIN had characters or a length the token never
# accepts. To the person typing it, that is a wrong PIN like any other.
_WRONG_PIN = (ck.PinIncorrect, ck.PinInvalid, ck.PinLenRange)


def translate(exc: ck.PKCS11Error) -> TokenError:
    """The `TokenError` that stands for a python-pkcs11 exception."""
    if isinstance(exc, _WRONG_PIN):
        return WrongPin("The PIN is not correct.")
    if isinstance(exc, ck.PinLocked):
        return PinLocked("The PIN is locked after too many wrong attempts; ask the helpdesk.")
    if isinstance(exc, ck.PinExpired):
        return PinMustChange("The PIN has expired and must be changed before it can be used.")
    if isinstance(exc, _REMOVED):
        return TokenRemoved("The security token was removed.")
    if isinstance(exc, ck.NoSuchToken):
        return NoToken("No security token with that label is present.")
    if isinstance(exc, _KEY_MISSING):
        return KeyMissing("The security token does not hold the expected key.")
    if isinstance(exc, ck.UserNotLoggedIn):
        return NotLoggedIn("The PIN must be given before the token can do this.")
    # The class name identifies the CKR_* code for the helpdesk; python-pkcs11's messages
    # are empty or generic, and never contain a PIN.
    return TokenError(f"The security token reported an error ({type(exc).__name__}).")


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise any python-pkcs11 exception from the block as its `TokenError`."""
    try:
        yield
    except ck.PKCS11Error as exc:
        raise translate(exc) from exc
