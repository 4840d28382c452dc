"""A loaded PKCS#11 library, the tokens present in it, and the one place that loads it.

Every call into python-pkcs11 runs on the module's `DeviceWorker` thread. Tokens are told
apart by their authentication certificate's SHA-256 fingerprint as well as their serial
(`TokenInfo.fingerprint`): tpm2-pkcs11 gives every token the serial 0000000000000000. The
certificate is read once per token arrival, not at every presence poll. Opening a token
gives a `smartcard.token.Token`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pkcs11
from pkcs11 import TokenFlag

from devices import DeviceWorker, on_worker
from smartcard import discovery
from smartcard.cardrules import CardRules
from smartcard.errors import KeyMissing, ModuleMissing, NoToken
from smartcard.pinstate import PinState
from smartcard.token import Token, fingerprint_of
from smartcard.translate import translated

if TYPE_CHECKING:
    from pkcs11._pkcs11 import lib as Pkcs11Library

# What tells one token from another before its certificate is read (a reader's slot can
# change cards between two polls only by way of a poll that saw it empty).
_SlotKey = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class TokenInfo:
    label: str
    serial: str
    manufacturer: str
    model: str
    slot_id: int
    flags: int
    # SHA-256 (hex) of the authentication certificate; "" if none could be found before login.
    fingerprint: str = ""

    @property
    def pin_state(self) -> PinState:
        return PinState.from_flags(self.flags)


def _serial(token: pkcs11.Token) -> str:
    return token.serial.decode("ascii", "replace").strip()


def _slot_key(token: pkcs11.Token) -> _SlotKey:
    return (token.label, _serial(token), token.manufacturer_id, token.model)


def _info(token: pkcs11.Token, fingerprint: str) -> TokenInfo:
    return TokenInfo(
        label=token.label,
        serial=_serial(token),
        manufacturer=token.manufacturer_id,
        model=token.model,
        slot_id=token.slot.slot_id,
        flags=int(token.flags),
        fingerprint=fingerprint,
    )


class Pkcs11Module:
    """A loaded PKCS#11 library and the worker thread that owns it. Get one with `open_module`."""

    def __init__(self, path: Path, worker: DeviceWorker, rules: CardRules | None = None) -> None:
        self.path = path
        self._worker = worker
        self._lib: Pkcs11Library | None = None
        self.rules = rules or CardRules()
        # slot id -> (the token it held, its fingerprint): read once per arrival.
        self._identities: dict[int, tuple[_SlotKey, str]] = {}
        # Kinds of token (manufacturer, model) seen to refuse a wrong PIN without any flag
        # changing: tokens of one implementation behave alike (worker thread only).
        self._silent: set[tuple[str, str]] = set()

    @property
    def worker(self) -> DeviceWorker:
        return self._worker

    @on_worker
    def _load(self) -> None:
        try:
            self._lib = pkcs11.lib(str(self.path))
        except (OSError, RuntimeError) as exc:
            # python-pkcs11 raises RuntimeError for dlopen failures and PKCS11Error (a
            # RuntimeError) when C_GetFunctionList or C_Initialize fails.
            raise ModuleMissing(f"{self.path} is not a loadable PKCS#11 module.") from exc

    def library(self) -> Pkcs11Library:
        """The loaded library, on the worker thread only (smartcard.inventory reads it)."""
        self.worker.assert_current()
        assert self._lib is not None
        return self._lib

    def _present_tokens(self) -> list[pkcs11.Token]:
        """Initialised tokens, each freshly read (C_GetTokenInfo) so their flags are current."""
        self.worker.assert_current()
        assert self._lib is not None
        with translated():
            tokens = [slot.get_token() for slot in self._lib.get_slots(token_present=True)]
        # SoftHSM always offers one extra slot holding an uninitialised token: skip it.
        return [t for t in tokens if t.flags & TokenFlag.TOKEN_INITIALIZED]

    def _find(self, label: str) -> pkcs11.Token:
        for token in self._present_tokens():
            if token.label == label:
                return token
        raise NoToken(f"No security token labelled {label!r} is present.")

    def _fingerprint(self, token: pkcs11.Token) -> str:
        """The token's identity, from the cache while it stays in its slot."""
        slot_id, key = token.slot.slot_id, _slot_key(token)
        known = self._identities.get(slot_id)
        if known is not None and known[0] == key:
            return known[1]
        try:
            with translated(), token.open() as session:
                fingerprint = fingerprint_of(
                    discovery.authentication_certificate(session, self.rules).der
                )
        except KeyMissing:
            fingerprint = ""  # no usable certificate: the serial alone tells it apart
        self._identities[slot_id] = (key, fingerprint)
        return fingerprint

    @on_worker
    def tokens(self) -> list[TokenInfo]:
        present = self._present_tokens()
        slots = {token.slot.slot_id for token in present}
        for gone in set(self._identities) - slots:
            del self._identities[gone]  # a card taken out is read again when it comes back
        return [_info(token, self._fingerprint(token)) for token in present]

    @on_worker
    def use_rules(self, rules: CardRules) -> None:
        """Find objects by `rules` from now on (every token's identity is read again)."""
        self.rules = rules
        self._identities.clear()

    def state_of(self, token: pkcs11.Token) -> PinState:
        kind = (token.manufacturer_id, token.model)
        return PinState.from_flags(int(token.flags), tries_unknown=kind in self._silent)

    def note_silent(self, token: pkcs11.Token) -> None:
        self._silent.add((token.manufacturer_id, token.model))

    @on_worker
    def pin_state(self, label: str) -> PinState:
        """The PIN flags of token `label`, read now (show them before every PIN prompt)."""
        return self.state_of(self._find(label))

    @on_worker
    def open_token(self, label: str) -> Token:
        return Token(self, self._find(label))


_modules: dict[Path, Pkcs11Module] = {}
_modules_lock = threading.Lock()


def open_module(path: str | Path, rules: CardRules | None = None) -> Pkcs11Module:
    """Load the PKCS#11 library at `path` (once per process) on its own worker thread.

    A library can be loaded and C_Initialize'd only once per process, and SoftHSM reads
    SOFTHSM2_CONF at that moment: set it before the first call. Later calls with the
    same path return the same module, so one thread keeps owning it; `rules`, when
    given, replace the module's card rules (the client gives the policy's at start).
    """
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise ModuleMissing(f"The PKCS#11 module {path} does not exist.")
    with _modules_lock:
        module = _modules.get(resolved)
        if module is None:
            worker = DeviceWorker(f"pkcs11-{resolved.name}", device="PKCS#11")
            module = Pkcs11Module(resolved, worker, rules)
            try:
                module._load()
            except ModuleMissing:
                worker.shutdown()  # no thread left behind for a module that never loaded
                raise
            _modules[resolved] = module
        elif rules is not None:
            module.use_rules(rules)
        return module
