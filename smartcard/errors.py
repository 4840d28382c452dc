"""The one error hierarchy of the smartcard package.

Every failure that reaches a caller of `smartcard` is one of these; no `pkcs11` exception
escapes (`smartcard.translate` maps them).

    TokenError                 anything the token, its reader or its library refused
    ├── ModuleMissing          the PKCS#11 library file is absent or cannot be loaded
    ├── NoToken                no token is present, or none carries the requested label
    ├── TokenRemoved           the token went away in the middle of an operation
    ├── NotLoggedIn            an operation needs the PIN and no login is in force
    ├── PinError               the PIN was not accepted
    │   ├── WrongPin           wrong PIN; carries the PIN state the token reports after it
    │   ├── PinLocked          too many wrong PINs; only the security officer can unlock
    │   ├── PinMustChange      the PIN has expired or must be changed before first use
    │   └── NewPinRefused      a PIN change was refused for the new PIN (length, characters)
    ├── KeyMissing             the token has no key or certificate that fits the rules
    ├── MechanismMissing       the token cannot do an operation the client needs (named)
    ├── BadWrappedKey          a wrapped cache key is malformed or was wrapped for another key
    └── ProvisioningFailed     a training token could not be created (training and tests only)

Messages are sentences a practitioner or a helpdesk can read; they never contain a PIN,
key material or personal data.
"""

from __future__ import annotations

from smartcard.pinstate import PinState


class TokenError(Exception):
    """Base class: the token, its reader or its PKCS#11 library could not do what was asked."""


class ModuleMissing(TokenError):
    """The PKCS#11 library file is absent or is not a loadable PKCS#11 module."""


class NoToken(TokenError):
    """No token is present, or no present token has the requested label."""


class TokenRemoved(TokenError):
    """The token was removed (or its session was lost) during an operation."""


class NotLoggedIn(TokenError):
    """The operation needs the user PIN to have been given first."""


class PinError(TokenError):
    """The token did not accept the PIN."""


class WrongPin(PinError):
    """The PIN was wrong. `pin_state` is what the token reports afterwards, if it could be read."""

    def __init__(self, message: str, pin_state: PinState | None = None) -> None:
        super().__init__(message)
        self.pin_state = pin_state


class PinLocked(PinError):
    """The user PIN is blocked after too many wrong attempts.

    `pin_state` is what the token's flags say afterwards: a token whose flags do not show
    the lock (a TPM's dictionary lockout, shared by every token on the machine) may be
    locked by wrong PINs given to another token, and the wording must not blame this one.
    """

    def __init__(self, message: str, pin_state: PinState | None = None) -> None:
        super().__init__(message)
        self.pin_state = pin_state


class PinMustChange(PinError):
    """The PIN has expired, or the token requires it to be changed (CKR_PIN_EXPIRED)."""


class NewPinRefused(PinError):
    """The token would not take the new PIN (CKR_PIN_LEN_RANGE, CKR_PIN_INVALID at C_SetPIN),
    and nothing changed. Some tokens check the new PIN's length before the current PIN."""


class KeyMissing(TokenError):
    """The token lacks a key or certificate that the operation needs."""


class MechanismMissing(TokenError):
    """The token offers none of the PKCS#11 mechanisms an operation can use; the message
    names the operation and the mechanisms that would do."""


class BadWrappedKey(TokenError):
    """A wrapped cache key that is malformed, or not wrapped for this token's key."""


class ProvisioningFailed(TokenError):
    """A training token could not be created (softhsm2-util or the provisioning child failed)."""
