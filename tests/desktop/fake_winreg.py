"""A stand-in for Windows' `winreg` module, so the Group Policy reader is tested anywhere.

It behaves as the real module does where the reader depends on it: an absent key raises
FileNotFoundError, a key the process may not read raises PermissionError, key and value
names are case-insensitive, values come back as (name, data, type) with the registry's
type numbers, and a closed key can no longer be read.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

HKEY_LOCAL_MACHINE = 0x80000002
HKEY_CURRENT_USER = 0x80000001
KEY_READ = 0x20019
KEY_WOW64_64KEY = 0x0100
# winreg's type numbers.
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_MULTI_SZ = 7
REG_QWORD = 11

Entry = tuple[str, Any, int]


class FakeKey:
    def __init__(self, values: list[Entry]) -> None:
        self.values = values
        self.closed = False

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.closed = True


class FakeWinreg:
    """`keys` maps "HKLM\\<sub key>" to the values under it."""

    HKEY_LOCAL_MACHINE = HKEY_LOCAL_MACHINE
    KEY_READ = KEY_READ
    KEY_WOW64_64KEY = KEY_WOW64_64KEY
    REG_SZ = REG_SZ
    REG_EXPAND_SZ = REG_EXPAND_SZ
    REG_BINARY = REG_BINARY
    REG_DWORD = REG_DWORD
    REG_MULTI_SZ = REG_MULTI_SZ
    REG_QWORD = REG_QWORD

    def __init__(self, keys: dict[str, list[Entry]] | None = None, *, denied: bool = False):
        self.keys = {name.lower(): values for name, values in (keys or {}).items()}
        self.denied = denied
        self.opened: list[tuple[int, str, int]] = []
        self.handles: list[FakeKey] = []

    def OpenKey(self, key: int, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> FakeKey:
        self.opened.append((key, sub_key, access))
        root = {HKEY_LOCAL_MACHINE: "HKLM", HKEY_CURRENT_USER: "HKCU"}[key]
        values = self.keys.get(f"{root}\\{sub_key}".lower())
        if values is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        if self.denied:
            raise PermissionError(13, "Access is denied")
        handle = FakeKey(values)
        self.handles.append(handle)
        return handle

    def QueryInfoKey(self, key: FakeKey) -> tuple[int, int, int]:
        self._check(key)
        return 0, len(key.values), 0

    def EnumValue(self, key: FakeKey, index: int) -> Entry:
        self._check(key)
        if index >= len(key.values):
            raise OSError(22, "No more data is available")  # WinError 259 on Windows
        return key.values[index]

    @staticmethod
    def _check(key: FakeKey) -> None:
        if key.closed:
            raise OSError(6, "The handle is invalid")
