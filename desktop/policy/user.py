"""User settings on top of the machine policy: what a user may change, and why not.

The rule (DESIGN.md 4: user settings can never weaken the policy), decided here as:

* A locked setting is never changed by a user, not even to something stricter: the UI shows
  it as locked and not editable, and this keeps what the UI shows and what runs the same.
* An unlocked setting with a security order may only be made stricter than the machine
  policy: a shorter idle timeout, a shorter cache lifetime (0 turns the cache off), capture
  protection on, a password asked; and, for accessibility, high contrast on and larger
  text. The policy's value is the floor, locked or not, so a user settings file copied
  from another machine cannot loosen this one.
* An unlocked connection setting (directory URL, CA bundle, PKCS#11 module) has no order;
  leaving it unlocked is the administrator's choice to let the user pick it, within the
  same rules as the policy file (https, absolute paths).
* `training`, `allow_training` and `locked` describe the policy itself and are never user
  settings.

User settings never stop the client: each refused one is reported with a reason (for the
settings view) and the rest still apply.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from desktop.policy.machine import FIELD_NAMES, LOCKABLE, FieldError, MachinePolicy


def _shorter_or_equal(current: object, wanted: object) -> bool:
    assert isinstance(current, int) and isinstance(wanted, int)
    return wanted <= current


def _larger_or_equal(current: object, wanted: object) -> bool:
    assert isinstance(current, int) and isinstance(wanted, int)
    return wanted >= current


def _true_or_equal(current: object, wanted: object) -> bool:
    return bool(wanted) or wanted == current


# For each ordered setting: the expected type, and "is `wanted` at least as strict as `current`".
_ORDERED: Final[dict[str, tuple[type, Callable[[object, object], bool], str]]] = {
    "idle_timeout_minutes": (int, _shorter_or_equal, "a longer idle timeout"),
    "cache_hours": (int, _shorter_or_equal, "a longer cache lifetime"),
    "capture_protection": (bool, _true_or_equal, "turning capture protection off"),
    "password_required": (bool, _true_or_equal, "not asking for a password"),
    # Not security, but the same rule (issue 12): an organisation that needs high contrast
    # or large text for its staff sets a floor a user cannot go below.
    "high_contrast": (bool, _true_or_equal, "turning high contrast off"),
    "text_scale_percent": (int, _larger_or_equal, "smaller text"),
}
_PATHS: Final = frozenset({"ca_file", "pkcs11_module"})


def apply_user_settings(
    policy: MachinePolicy, user: Mapping[str, object]
) -> tuple[MachinePolicy, list[str]]:
    """The effective policy, and one line per refused user setting ("name: reason")."""
    effective = policy
    refused: list[str] = []
    for name in sorted(user):
        reason, effective = _apply_one(policy, effective, name, user[name])
        if reason is not None:
            refused.append(f"{name}: {reason}")
    return effective, refused


def _apply_one(
    policy: MachinePolicy, effective: MachinePolicy, name: str, value: object
) -> tuple[str | None, MachinePolicy]:
    if name not in FIELD_NAMES:
        return "not a setting", effective
    if name not in LOCKABLE:
        return "set only by the machine policy", effective
    if name in _PATHS and isinstance(value, str) and value:
        wanted: object = Path(value)
    else:
        wanted = value
    current = getattr(policy, name)
    # bool == int in Python (True == 1); compare types too so `true` is not 1 minute.
    if type(wanted) is type(current) and wanted == current:
        return None, effective
    if name in policy.locked:
        return "locked by the administrator", effective
    if name in _ORDERED:
        kind, at_least_as_strict, weakening = _ORDERED[name]
        # bool is a subclass of int: `true` must not pass as a number of minutes.
        if type(wanted) is not kind:
            return f"must be {'true or false' if kind is bool else 'a whole number'}", effective
        if not at_least_as_strict(current, wanted):
            return f"refused: {weakening} than the machine policy allows", effective
    elif name in _PATHS and not isinstance(wanted, Path):
        return "must be a non-empty path", effective
    try:
        changes: dict[str, Any] = {name: wanted}  # checked by MachinePolicy.__post_init__
        return None, dataclasses.replace(effective, **changes)
    except FieldError as exc:
        return exc.problem, effective
