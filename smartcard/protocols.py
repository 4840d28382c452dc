"""The token surface the client uses, as protocols the real driver and the fake both satisfy.

`Pkcs11Module` / `Token` (smartcard.token) are the real driver; `FakeModule` / `FakeToken`
(smartcard.fake) stand in for it where SoftHSM cannot (removal, final try, locked PIN, PIN
pad). Code outside `smartcard` should accept these protocols, not either concrete class,
so that the fake can be swapped in; `smartcard.fake` has mypy prove both conform.
"""

from __future__ import annotations

from typing import Protocol

from devices import DeviceWorker
from smartcard.keywrap import WrappingKey
from smartcard.module import TokenInfo
from smartcard.pinlengths import PinLengths
from smartcard.pinstate import PinState


class TokenLike(Protocol):
    """An opened token: certificate, PIN state, login, PIN change, signing and unwrapping."""

    @property
    def label(self) -> str: ...

    @property
    def logged_in(self) -> bool: ...

    def certificate_der(self) -> bytes: ...

    def fingerprint(self) -> str: ...

    def key_management(self) -> WrappingKey: ...

    def pin_state(self) -> PinState: ...

    def login(self, pin: bytearray) -> None: ...

    def logout(self) -> None: ...

    def pin_lengths(self) -> PinLengths: ...

    def change_pin(self, old: bytearray, new: bytearray) -> None: ...

    def sign(self, message: bytes) -> bytes: ...

    def unwrap(self, wrapped: bytes) -> bytes: ...


class TokenSource(Protocol):
    """A PKCS#11 module: which tokens are present, their PIN state, and opening one.

    `worker` is the one thread allowed to call into the module (devices.worker).
    """

    @property
    def worker(self) -> DeviceWorker: ...

    def tokens(self) -> list[TokenInfo]: ...

    def pin_state(self, label: str) -> PinState: ...

    def open_token(self, label: str) -> TokenLike: ...
