"""What a PKCS#11 module and its readers hold, read without a PIN, for the support report.

The library's own description, every reader (slot) with or without a card, and for each
card its label, serial, PIN flags and the authentication certificate's subject and expiry:
public objects, read in a session that never logs in. On the module's worker thread, like
every call into the library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pkcs11
from pkcs11 import TokenFlag

from devices import DeviceWorker, on_worker
from smartcard import discovery
from smartcard.errors import KeyMissing, TokenError
from smartcard.module import Pkcs11Module
from smartcard.pinstate import PinState
from smartcard.translate import translated


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    manufacturer: str
    description: str
    library_version: str
    cryptoki_version: str


@dataclass(frozen=True, slots=True)
class CardInfo:
    label: str
    serial: str
    manufacturer: str
    model: str
    pin_state: PinState
    # None where no authentication certificate could be found before login.
    certificate_subject: str | None
    certificate_expires: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ReaderInfo:
    description: str
    card: CardInfo | None  # None: no card, or one that is not initialised


@dataclass(frozen=True, slots=True)
class Inventory:
    library: LibraryInfo
    readers: tuple[ReaderInfo, ...]


def _version(pair: tuple[int, int]) -> str:
    return f"{pair[0]}.{pair[1]}"


def take_inventory(module: Pkcs11Module) -> Inventory:
    """TokenError (ModuleMissing, ...) if the library cannot be used at all."""
    return _Reader(module).read()


class _Reader:
    def __init__(self, module: Pkcs11Module) -> None:
        self.module = module

    @property
    def worker(self) -> DeviceWorker:
        return self.module.worker

    @on_worker
    def read(self) -> Inventory:
        lib = self.module.library()
        with translated():
            library = LibraryInfo(
                manufacturer=lib.manufacturer_id,
                description=lib.library_description,
                library_version=_version(lib.library_version),
                cryptoki_version=_version(lib.cryptoki_version),
            )
            readers = tuple(self._reader(slot) for slot in lib.get_slots(token_present=False))
        return Inventory(library, readers)

    def _reader(self, slot: pkcs11.Slot) -> ReaderInfo:
        description = slot.slot_description.strip()
        if not slot.flags & pkcs11.SlotFlag.TOKEN_PRESENT:
            return ReaderInfo(description, None)
        token = slot.get_token()
        if not token.flags & TokenFlag.TOKEN_INITIALIZED:
            return ReaderInfo(description, None)  # SoftHSM's spare slot, a blank card
        subject: str | None = None
        expires: dt.datetime | None = None
        try:
            with token.open() as session:
                found = discovery.authentication_certificate(session, self.module.rules)
            certificate = found.certificate
            subject = certificate.subject.rfc4514_string()
            expires = certificate.not_valid_after_utc
        except (KeyMissing, TokenError):
            pass  # reported as "no certificate found"; the card is still listed
        card = CardInfo(
            label=token.label,
            serial=token.serial.decode("ascii", "replace").strip(),
            manufacturer=token.manufacturer_id,
            model=token.model,
            pin_state=self.module.state_of(token),
            certificate_subject=subject,
            certificate_expires=expires,
        )
        return ReaderInfo(description, card)
