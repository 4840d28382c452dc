"""How long a token's user PIN may be: CK_TOKEN_INFO's ulMinPinLen and ulMaxPinLen.

python-pkcs11 0.10.1 (pinned) reads CK_TOKEN_INFO but keeps only its label, serial, model
and flags, so the two lengths are read here with ctypes, through the module's own
C_GetFunctionList. The library is the one python-pkcs11 has already loaded and
initialised: dlopen of the same file gives the same copy, so no second C_Initialize is
needed (or allowed). Called on the module's worker only, like every other PKCS#11 call.

A token that does not say (a length of 0 or CK_UNAVAILABLE_INFORMATION), or a library
that cannot be asked this way, gets `DEFAULT`: the card still refuses a length it does not
take (CKR_PIN_LEN_RANGE at C_SetPIN), which the client reports as `NewPinRefused`.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from pathlib import Path

# Cryptoki's CK_ULONG is C `unsigned long`: 32 bits on Windows, the word size elsewhere;
# and Windows builds pack Cryptoki's structures to 1 byte.
_WINDOWS = sys.platform == "win32"
_ULONG = ctypes.c_ulong
_UNAVAILABLE = _ULONG(-1).value
_OK = 0


@dataclass(frozen=True, slots=True)
class PinLengths:
    """The lengths (in bytes of UTF-8, as PKCS#11 counts them) a new user PIN may have."""

    minimum: int
    maximum: int

    def fits(self, length: int) -> bool:
        return self.minimum <= length <= self.maximum


# What most cards take when they do not say: at least 4 (ISO 9564's shortest PIN), and no
# more than the client's PIN fields allow (desktop.login.MAX_PIN_LENGTH).
DEFAULT = PinLengths(4, 64)


class _Version(ctypes.Structure):
    _fields_ = (("major", ctypes.c_ubyte), ("minor", ctypes.c_ubyte))
    if _WINDOWS:
        _pack_ = 1


class _TokenInfo(ctypes.Structure):
    _fields_ = (
        ("label", ctypes.c_char * 32),
        ("manufacturerID", ctypes.c_char * 32),
        ("model", ctypes.c_char * 16),
        ("serialNumber", ctypes.c_char * 16),
        ("flags", _ULONG),
        ("ulMaxSessionCount", _ULONG),
        ("ulSessionCount", _ULONG),
        ("ulMaxRwSessionCount", _ULONG),
        ("ulRwSessionCount", _ULONG),
        ("ulMaxPinLen", _ULONG),
        ("ulMinPinLen", _ULONG),
        ("ulTotalPublicMemory", _ULONG),
        ("ulFreePublicMemory", _ULONG),
        ("ulTotalPrivateMemory", _ULONG),
        ("ulFreePrivateMemory", _ULONG),
        ("hardwareVersion", _Version),
        ("firmwareVersion", _Version),
        ("utcTime", ctypes.c_char * 16),
    )
    if _WINDOWS:
        _pack_ = 1


_GetTokenInfo = ctypes.CFUNCTYPE(_ULONG, _ULONG, ctypes.POINTER(_TokenInfo))


class _FunctionList(ctypes.Structure):
    # Only the head of CK_FUNCTION_LIST: its version, then C_Initialize ... C_GetTokenInfo.
    _fields_ = (
        ("version", _Version),
        ("C_Initialize", ctypes.c_void_p),
        ("C_Finalize", ctypes.c_void_p),
        ("C_GetInfo", ctypes.c_void_p),
        ("C_GetFunctionList", ctypes.c_void_p),
        ("C_GetSlotList", ctypes.c_void_p),
        ("C_GetSlotInfo", ctypes.c_void_p),
        ("C_GetTokenInfo", _GetTokenInfo),
    )
    if _WINDOWS:
        _pack_ = 1


def read(library: Path, slot_id: int) -> PinLengths:
    """The PIN lengths the token in `slot_id` reports, or DEFAULT where it does not say."""
    try:
        lib = ctypes.CDLL(str(library))
        get_list = lib.C_GetFunctionList
    except (OSError, AttributeError):
        return DEFAULT
    get_list.restype = _ULONG
    get_list.argtypes = (ctypes.POINTER(ctypes.POINTER(_FunctionList)),)
    functions = ctypes.POINTER(_FunctionList)()
    if get_list(ctypes.byref(functions)) != _OK or not functions:
        return DEFAULT
    info = _TokenInfo()
    if functions.contents.C_GetTokenInfo(slot_id, ctypes.byref(info)) != _OK:
        return DEFAULT
    return lengths_from(info.ulMinPinLen, info.ulMaxPinLen)


def lengths_from(minimum: int, maximum: int) -> PinLengths:
    """The lengths CK_TOKEN_INFO gives, each replaced by DEFAULT's where the token does not say."""
    low = DEFAULT.minimum if minimum in (0, _UNAVAILABLE) else minimum
    high = DEFAULT.maximum if maximum in (0, _UNAVAILABLE) else maximum
    if high < low:  # nonsense from the token: trust neither
        return DEFAULT
    return PinLengths(low, high)
