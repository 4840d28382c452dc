"""PKCS#11 token access and SoftHSM provisioning for training and tests (issues 3-4).

The runtime path (real PKCS#11; one thread, a `devices.DeviceWorker`, owns the library):

    rules = CardRules(trusted=load_trust_anchors(ca_file), auth_object=ObjectRef.parse("id:01"))
    module = open_module("/usr/lib/softhsm/libsofthsm2.so", rules)   # ModuleMissing
    module.tokens() -> list[TokenInfo] (with fingerprints);  module.pin_state(label) -> PinState
    token = module.open_token(label)                         # NoToken
    token.certificate_der();  token.fingerprint();  token.pin_state();  token.login(pin_bytearray)
    token.sign(message) -> DER signature;  token.unwrap(wrapped) -> key bytes
    token.pin_lengths() -> PinLengths;  token.change_pin(old_bytearray, new_bytearray)
    wrap_for_token(token.key_management(), key)              # RSA-OAEP or ECDH, as the card allows

Objects are found by what they are, not by their labels (smartcard.discovery and
smartcard.certificates say how); mechanisms by what the token offers (smartcard.mechanisms).

Training and tests only (`smartcard.softhsm`, `smartcard.ca`, `smartcard.provisioning`):

    home = prepare_softhsm(directory);  ca = TrainingCA.create(directory / "ca")
    provision_token(home, ca, label, user_name=..., organisation=...) -> ProvisionedToken

Presence, polled (DESIGN.md 4), and the surface both the real driver and the fake satisfy:

    PresencePoller(module, report, interval=0.5).start() -> TokenArrived / TokenDeparted
    TokenSource / TokenLike (smartcard.protocols)

Tests and training demos only, imported from its module so it is never picked up by
accident: `smartcard.fake` (FakeModule, FakeToken: removal, final try, locked PIN, PIN pad).

Errors: every failure is a `TokenError`; `smartcard.errors` draws the hierarchy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartcard.ca import ServerCertificate, TrainingCA
    from smartcard.cardrules import CardRules, ObjectRef, load_trust_anchors
    from smartcard.errors import (
        BadWrappedKey,
        KeyMissing,
        MechanismMissing,
        ModuleMissing,
        NewPinRefused,
        NotLoggedIn,
        NoToken,
        PinError,
        PinLocked,
        PinMustChange,
        ProvisioningFailed,
        TokenError,
        TokenRemoved,
        WrongPin,
    )
    from smartcard.keywrap import Scheme, WrappingKey, wrap_for_token
    from smartcard.module import Pkcs11Module, TokenInfo, open_module
    from smartcard.pinlengths import PinLengths
    from smartcard.pinstate import PinState
    from smartcard.presence import (
        PresenceEvent,
        PresencePoller,
        TokenArrived,
        TokenDeparted,
        TokenId,
    )
    from smartcard.protocols import TokenLike, TokenSource
    from smartcard.provisioning import ProvisionedToken, provision_token
    from smartcard.softhsm import SoftHSMHome, find_module
    from smartcard.softhsm import prepare as prepare_softhsm
    from smartcard.token import Token

# Loaded on first use (PEP 562), like desktop's front door: the machine policy names
# smartcard.cardrules, and the client's lock screen is painted before the card layer and
# cryptography load (issue 12: start under 1 s).
_HOMES: dict[str, tuple[str, str]] = {
    "ServerCertificate": ("smartcard.ca", "ServerCertificate"),
    "TrainingCA": ("smartcard.ca", "TrainingCA"),
    "CardRules": ("smartcard.cardrules", "CardRules"),
    "ObjectRef": ("smartcard.cardrules", "ObjectRef"),
    "load_trust_anchors": ("smartcard.cardrules", "load_trust_anchors"),
    "BadWrappedKey": ("smartcard.errors", "BadWrappedKey"),
    "KeyMissing": ("smartcard.errors", "KeyMissing"),
    "MechanismMissing": ("smartcard.errors", "MechanismMissing"),
    "ModuleMissing": ("smartcard.errors", "ModuleMissing"),
    "NewPinRefused": ("smartcard.errors", "NewPinRefused"),
    "NoToken": ("smartcard.errors", "NoToken"),
    "NotLoggedIn": ("smartcard.errors", "NotLoggedIn"),
    "PinError": ("smartcard.errors", "PinError"),
    "PinLocked": ("smartcard.errors", "PinLocked"),
    "PinMustChange": ("smartcard.errors", "PinMustChange"),
    "ProvisioningFailed": ("smartcard.errors", "ProvisioningFailed"),
    "TokenError": ("smartcard.errors", "TokenError"),
    "TokenRemoved": ("smartcard.errors", "TokenRemoved"),
    "WrongPin": ("smartcard.errors", "WrongPin"),
    "Scheme": ("smartcard.keywrap", "Scheme"),
    "WrappingKey": ("smartcard.keywrap", "WrappingKey"),
    "wrap_for_token": ("smartcard.keywrap", "wrap_for_token"),
    "Pkcs11Module": ("smartcard.module", "Pkcs11Module"),
    "TokenInfo": ("smartcard.module", "TokenInfo"),
    "open_module": ("smartcard.module", "open_module"),
    "PinLengths": ("smartcard.pinlengths", "PinLengths"),
    "PinState": ("smartcard.pinstate", "PinState"),
    "PresenceEvent": ("smartcard.presence", "PresenceEvent"),
    "PresencePoller": ("smartcard.presence", "PresencePoller"),
    "TokenArrived": ("smartcard.presence", "TokenArrived"),
    "TokenDeparted": ("smartcard.presence", "TokenDeparted"),
    "TokenId": ("smartcard.presence", "TokenId"),
    "TokenLike": ("smartcard.protocols", "TokenLike"),
    "TokenSource": ("smartcard.protocols", "TokenSource"),
    "ProvisionedToken": ("smartcard.provisioning", "ProvisionedToken"),
    "provision_token": ("smartcard.provisioning", "provision_token"),
    "SoftHSMHome": ("smartcard.softhsm", "SoftHSMHome"),
    "find_module": ("smartcard.softhsm", "find_module"),
    "prepare_softhsm": ("smartcard.softhsm", "prepare"),
    "Token": ("smartcard.token", "Token"),
}

__all__ = [
    "BadWrappedKey",
    "CardRules",
    "KeyMissing",
    "MechanismMissing",
    "ModuleMissing",
    "NewPinRefused",
    "NoToken",
    "NotLoggedIn",
    "ObjectRef",
    "PinError",
    "PinLengths",
    "PinLocked",
    "PinMustChange",
    "PinState",
    "Pkcs11Module",
    "PresenceEvent",
    "PresencePoller",
    "ProvisionedToken",
    "ProvisioningFailed",
    "Scheme",
    "ServerCertificate",
    "SoftHSMHome",
    "Token",
    "TokenArrived",
    "TokenDeparted",
    "TokenError",
    "TokenId",
    "TokenInfo",
    "TokenLike",
    "TokenRemoved",
    "TokenSource",
    "TrainingCA",
    "WrappingKey",
    "WrongPin",
    "find_module",
    "load_trust_anchors",
    "open_module",
    "prepare_softhsm",
    "provision_token",
    "wrap_for_token",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'smartcard' has no attribute {name!r}")
    module, attribute = home
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
