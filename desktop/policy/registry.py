"""The machine policy on Windows: Group Policy in the registry, over the policy file.

    read_registry_policy(winreg_module=None) -> dict | None  # None: no Group Policy key
    load_effective_policy(platform=sys.platform, ...) -> MachinePolicy | None

Group Policy writes HKLM\\Software\\Policies\\ContactPoint (installer/windows/contactpoint.admx
defines the values). The reader maps each value to its policy.json field, so that both
channels go through the same rules in `MachinePolicy`. As with the file, a value that is
there but wrong stops the client, with the registry path and the value named: a mistyped
Group Policy must never leave a machine running on a setting the administrator believes
they locked. Only an absent key means "no Group Policy".

`winreg_module` is injectable so that all of this runs, and is tested, on any system; the
reader needs only OpenKey, QueryInfoKey and EnumValue and a few constants of `winreg`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any, Final, Protocol, cast

from desktop.policy.machine import (
    CACHE_HOURS_MAX,
    IDLE_TIMEOUT_RANGE,
    LOCKABLE,
    TEXT_SCALE_RANGE,
    WORKLIST_POLL_RANGE,
    FieldError,
    MachinePolicy,
    PolicyError,
    policy_from_mapping,
    policy_path_for,
    read_policy_json,
)
from desktop.policy.training import installed_machine_policy

REGISTRY_KEY: Final = r"Software\Policies\ContactPoint"
REGISTRY_PATH: Final = PureWindowsPath("HKLM", REGISTRY_KEY)


class WinRegistry(Protocol):
    """The part of the standard `winreg` module the reader uses."""

    HKEY_LOCAL_MACHINE: int
    KEY_READ: int
    KEY_WOW64_64KEY: int
    REG_SZ: int
    REG_DWORD: int
    REG_MULTI_SZ: int

    def OpenKey(
        self, key: Any, sub_key: str, reserved: int = 0, access: int = ...
    ) -> AbstractContextManager[Any]: ...

    def QueryInfoKey(self, key: Any, /) -> tuple[int, int, int]: ...

    def EnumValue(self, key: Any, index: int, /) -> tuple[str, Any, int]: ...


class RegistryPolicyError(PolicyError):
    """A Group Policy value that cannot be used; the message names the key and the value.

    `path` is the registry path of the value (of the key when no one value is at fault) and
    `field` the value's name, so code that shows a PolicyError shows this one as well.
    """

    def __init__(self, value_name: str | None, problem: str) -> None:
        where = REGISTRY_PATH / value_name if value_name else REGISTRY_PATH
        super().__init__(where, problem, value_name)
        self.value_name = value_name
        # PolicyError's message says "Policy file"; this is not a file.
        self.args = (f"Machine policy (Group Policy) {where}: {problem}",)


@dataclass(frozen=True, slots=True)
class RegistryValue:
    """One value under the key: its registry name and type, and its policy.json field."""

    name: str
    field: str
    type_name: str  # "REG_SZ", "REG_DWORD" or "REG_MULTI_SZ"
    low: int | None = None  # REG_DWORD only: the accepted range
    high: int | None = None


# The whole contract with installer/windows/contactpoint.admx; a test reads the ADMX and
# compares, so the template and the reader cannot drift apart.
REGISTRY_VALUES: Final = (
    RegistryValue("DirectoryUrl", "directory_url", "REG_SZ"),
    RegistryValue("CaFile", "ca_file", "REG_SZ"),
    RegistryValue("Pkcs11Module", "pkcs11_module", "REG_SZ"),
    RegistryValue("IdleTimeoutMinutes", "idle_timeout_minutes", "REG_DWORD", *IDLE_TIMEOUT_RANGE),
    RegistryValue("CacheHours", "cache_hours", "REG_DWORD", 0, CACHE_HOURS_MAX),
    RegistryValue("CaptureProtection", "capture_protection", "REG_DWORD", 0, 1),
    RegistryValue("PasswordRequired", "password_required", "REG_DWORD", 0, 1),
    RegistryValue("AllowTraining", "allow_training", "REG_DWORD", 0, 1),
    RegistryValue("Locked", "locked", "REG_MULTI_SZ"),
    RegistryValue("TokenAuthObject", "token_auth_object", "REG_SZ"),
    RegistryValue("TokenKmkObject", "token_kmk_object", "REG_SZ"),
    RegistryValue("CardCaFile", "card_ca_file", "REG_SZ"),
    RegistryValue(
        "WorklistPollSeconds", "worklist_poll_seconds", "REG_DWORD", *WORKLIST_POLL_RANGE
    ),
    RegistryValue("OpenSingleMatch", "open_single_match", "REG_DWORD", 0, 1),
    RegistryValue("CacheKeyStore", "cache_key_store", "REG_SZ"),
    RegistryValue("HighContrast", "high_contrast", "REG_DWORD", 0, 1),
    RegistryValue("TextScalePercent", "text_scale_percent", "REG_DWORD", *TEXT_SCALE_RANGE),
)
_FLAGS: Final = frozenset(
    {
        "capture_protection",
        "password_required",
        "allow_training",
        "open_single_match",
        "high_contrast",
    }
)
# Registry value names are case-insensitive (two values cannot differ only in case), so an
# administrator who typed "cachehours" in regedit has set CacheHours.
_BY_NAME: Final = {value.name.lower(): value for value in REGISTRY_VALUES}
_BY_FIELD: Final = {value.field: value for value in REGISTRY_VALUES}


def read_registry_policy(winreg_module: WinRegistry | None = None) -> dict[str, Any] | None:
    """The Group Policy values as policy.json fields; None when the key does not exist.

    RegistryPolicyError for a value of the wrong type, out of range, or unknown, and for a
    key that exists but cannot be read.
    """
    reg = winreg_module if winreg_module is not None else _system_registry()
    try:
        # The 64-bit view always: Group Policy writes it, and a 32-bit build of the client
        # would otherwise be sent to WOW6432Node, where nothing is (Windows ignores the flag
        # where there is only one view).
        opened = reg.OpenKey(
            reg.HKEY_LOCAL_MACHINE, REGISTRY_KEY, 0, reg.KEY_READ | reg.KEY_WOW64_64KEY
        )
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RegistryPolicyError(None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        with opened as key:
            # Counted first, then read by index: an error while reading is then an error,
            # not mistaken for the end of the list.
            count = reg.QueryInfoKey(key)[1]
            entries = [reg.EnumValue(key, index) for index in range(count)]
    except OSError as exc:
        raise RegistryPolicyError(None, f"cannot be read: {exc.strerror or exc}") from None
    data: dict[str, Any] = {}
    for name, value, kind in entries:
        spec = _BY_NAME.get(name.lower())
        if spec is None:
            known = ", ".join(value.name for value in REGISTRY_VALUES)
            raise RegistryPolicyError(
                name or "(Default)", f"is not a ContactPoint policy value (known: {known})"
            )
        data[spec.field] = _convert(reg, spec, name, value, kind)
    return data


def load_effective_policy(
    platform: str = sys.platform,
    *,
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    winreg_module: WinRegistry | None = None,
) -> MachinePolicy | None:
    """The machine policy this computer runs on; None where no administrator has set one.

    Elsewhere than Windows: the policy file only (`path`, default /etc/contactpoint/policy.json),
    exactly as `installed_machine_policy`. On Windows: the file (default
    %ProgramData%\\ContactPoint\\policy.json) and Group Policy, field by field, the registry
    winning; `locked` is the union of both. PolicyError (RegistryPolicyError for the
    registry) names the source of any fault.
    """
    environ = os.environ if environ is None else environ
    file_path = path if path is not None else Path(policy_path_for(platform, environ))
    if platform != "win32":
        return installed_machine_policy(file_path)
    registry = read_registry_policy(winreg_module)
    file_data = read_policy_json(file_path) if file_path.exists() else None
    if registry is None and file_data is None:
        return None
    return merge_policies(file_path, file_data, registry)


def merge_policies(
    file_path: Path, file_data: Mapping[str, Any] | None, registry: Mapping[str, Any] | None
) -> MachinePolicy:
    """The policy file's fields overridden by Group Policy's, with `locked` the union.

    Group Policy is the administrator's stronger channel: it is managed centrally from the
    domain and re-applied at every Group Policy refresh, while the file may be a local copy
    left from an install. So where both set a field, the registry's value is the one that
    runs. A lock set by either stays: a lock is only ever added, never removed by the merge.
    """
    file_exists = file_data is not None
    file_data = file_data or {}
    registry = registry or {}
    if file_exists and registry:
        # Every value the file holds must be valid even where Group Policy overrides it:
        # the administrator who wrote it believes it means something, and the file runs
        # alone the day the Group Policy is withdrawn.
        _build(file_path, {**registry, **file_data}, from_registry=set(registry) - set(file_data))
    merged = {**file_data, **registry}
    if "locked" in registry and "locked" in file_data:
        file_locked = file_data["locked"]
        # A malformed list in the file is left as it is, so that it is reported (against
        # the file) below rather than merged.
        if isinstance(file_locked, list) and all(isinstance(name, str) for name in file_locked):
            merged["locked"] = sorted(set(file_locked) | set(registry["locked"]))
        else:
            merged["locked"] = file_locked
    from_registry = set(registry) - {"locked"}
    return _build(file_path, merged, from_registry=from_registry, file_exists=file_exists)


def _build(
    file_path: Path,
    data: Mapping[str, Any],
    *,
    from_registry: set[str],
    file_exists: bool = True,
) -> MachinePolicy:
    try:
        return policy_from_mapping(data)
    except FieldError as exc:
        raise _blame(file_path, exc, from_registry, file_exists=file_exists) from None


def _blame(
    file_path: Path, exc: FieldError, from_registry: set[str], *, file_exists: bool
) -> PolicyError:
    field_name = exc.field
    spec = _BY_FIELD.get(field_name) if field_name is not None else None
    if field_name is not None and field_name in from_registry and spec is not None:
        return RegistryPolicyError(spec.name, f"{exc.problem} (the policy field {field_name})")
    if spec is not None and field_name not in from_registry and exc.problem.endswith("missing"):
        # Required and set by neither channel: say where it can be set.
        if file_exists:
            problem = f"{exc.problem} (nor does Group Policy set {REGISTRY_PATH / spec.name})"
            return PolicyError(file_path, problem, field_name)
        return RegistryPolicyError(
            spec.name, f"is required and missing: set it by Group Policy or in {file_path}"
        )
    return PolicyError(file_path, exc.problem, field_name)


def _convert(reg: WinRegistry, spec: RegistryValue, name: str, value: object, kind: int) -> Any:
    expected = {"REG_SZ": reg.REG_SZ, "REG_DWORD": reg.REG_DWORD, "REG_MULTI_SZ": reg.REG_MULTI_SZ}
    python_type: Callable[[object], bool] = {
        "REG_SZ": lambda v: isinstance(v, str),
        "REG_DWORD": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "REG_MULTI_SZ": lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
    }[spec.type_name]
    if kind != expected[spec.type_name] or not python_type(value):
        raise RegistryPolicyError(name, f"must be {spec.type_name}, not {_type_name(reg, kind)}")
    if spec.type_name == "REG_SZ":
        text = cast(str, value)
        if not text.strip():
            raise RegistryPolicyError(name, "is empty")
        return text
    if spec.type_name == "REG_MULTI_SZ":
        names = cast(list[str], value)
        unknown = sorted(set(names) - LOCKABLE)
        if unknown:
            raise RegistryPolicyError(
                name,
                f"names {', '.join(map(repr, unknown))}, which cannot be locked "
                f"(lockable: {', '.join(sorted(LOCKABLE))})",
            )
        return sorted(set(names))
    number = cast(int, value)
    assert spec.low is not None and spec.high is not None
    if not spec.low <= number <= spec.high:
        if spec.field in _FLAGS:
            raise RegistryPolicyError(name, f"is {number}; must be 0 (off) or 1 (on)")
        raise RegistryPolicyError(
            name, f"is {number}, out of range (must be {spec.low} to {spec.high})"
        )
    return bool(number) if spec.field in _FLAGS else number


def _type_name(reg: WinRegistry, kind: int) -> str:
    for name in ("REG_SZ", "REG_EXPAND_SZ", "REG_DWORD", "REG_QWORD", "REG_MULTI_SZ", "REG_BINARY"):
        if getattr(reg, name, None) == kind:
            return name
    return f"registry type {kind}"


def _system_registry() -> WinRegistry:
    import winreg  # only on Windows: load_effective_policy calls this only there

    return cast(WinRegistry, winreg)
