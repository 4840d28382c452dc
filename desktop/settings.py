"""The settings view model: what the Settings dialog shows, built from what actually runs.

    model = SettingsModel.build(machine_policy, user_settings.values,
                                file_problem=user_settings.problem)
    model.effective            # the MachinePolicy the client runs on
    model.settings             # one SettingView a row, in the order shown
    changes = model.changes({"idle_timeout_minutes": 5})     # what to save
    model.refusals(changes)    # {} when every change may be saved

The effective policy and every row come from one call to `apply_user_settings`, so the
dialog can never show a value other than the one in force, nor offer one that would be
refused: the choices for an ordered setting are exactly the values at least as strict as
the machine policy, and a locked setting offers nothing.

A training policy (`contactpoint --policy`, `demo`) ignores the user's connection settings
and shows them as set by the training environment: a trainee's client must never talk to a
directory the training policy did not name, and the same user file serves both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from desktop.policy import MachinePolicy, apply_user_settings
from desktop.policy.user_file import UserValue, merge_user_changes, read_user_settings

_log = logging.getLogger(__name__)

LOCKED_TEXT: Final = "Locked by your administrator"
TRAINING_TEXT: Final = "Set by the training environment"
POLICY_MARK: Final = " (your organisation's setting)"

CONNECTION: Final = ("directory_url", "ca_file", "pkcs11_module")
# Accessibility (issue 12): ordered like the protection settings, "stronger" for "stricter".
ACCESSIBILITY: Final = ("high_contrast", "text_scale_percent")
ORDERED: Final = (
    "idle_timeout_minutes",
    "cache_hours",
    "capture_protection",
    "password_required",
    *ACCESSIBILITY,
)
# The steps offered between the strictest value and the policy's; the policy's own value
# and the one in force are always offered as well.
IDLE_STEPS: Final = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120)
CACHE_STEPS: Final = (0, 1, 2, 4, 8, 12, 24)
TEXT_SCALE_STEPS: Final = (100, 125, 150, 175, 200)


def _minutes(value: object) -> str:
    return f"{value} minute{'' if value == 1 else 's'}"


def _cache(value: object) -> str:
    if value == 0:
        return "Off — nothing is kept on this computer"
    return f"Kept for {value} hour{'' if value == 1 else 's'}"


def _capture(value: object) -> str:
    if value:
        return "On — hidden from screen capture"
    return "Off — screen capture allowed"


def _password(value: object) -> str:
    return "Asked at sign-in" if value else "Not asked"


def _contrast(value: object) -> str:
    if value:
        return "On — black, white and yellow, thick focus outlines"
    return "Off — the system's colours"


def _scale(value: object) -> str:
    return f"{value}%" + (" — the system's size" if value == 100 else "")


def _text(value: object) -> str:
    return str(value)


@dataclass(frozen=True, slots=True)
class _Describe:
    label: str
    help: str
    words: Callable[[object], str]


_SETTINGS: Final[dict[str, _Describe]] = {
    "idle_timeout_minutes": _Describe(
        "Lock after inactivity",
        "ContactPoint locks and asks for your PIN after this long without input.",
        _minutes,
    ),
    "cache_hours": _Describe(
        "Offline copy of records",
        "Records you viewed, kept encrypted for when the directory is out of reach.",
        _cache,
    ),
    "capture_protection": _Describe(
        "Screen-capture protection",
        "Keeps ContactPoint's windows out of screenshots, recordings and screen sharing.",
        _capture,
    ),
    "password_required": _Describe(
        "Password at sign-in",
        "Whether your password is asked as well as your card and PIN.",
        _password,
    ),
    "high_contrast": _Describe(
        "High contrast",
        "Strong colours and focus outlines. It is on whenever your computer asks for high"
        " contrast.",
        _contrast,
    ),
    "text_scale_percent": _Describe(
        "Text size",
        "The size of ContactPoint's text; windows and their controls grow with it.",
        _scale,
    ),
    "directory_url": _Describe(
        "Directory address", "The ContactPoint directory this computer connects to.", _text
    ),
    "ca_file": _Describe(
        "Certificate authorities",
        "The file of certificate authorities trusted for the directory's certificate.",
        _text,
    ),
    "pkcs11_module": _Describe(
        "Security token driver", "The PKCS#11 library that talks to your card.", _text
    ),
}
ORDER: Final = tuple(_SETTINGS)


@dataclass(frozen=True, slots=True)
class Choice:
    """One value an editable ordered setting may take, in words."""

    value: int | bool
    text: str


@dataclass(frozen=True, slots=True)
class SettingView:
    """One row of the Settings dialog.

    `value` is the value in force (the effective policy's), `value_text` the same in words.
    `locked` rows show `lock_text` and offer nothing. `choices` (ordered settings only) are
    the values at least as strict as the machine policy, strictest first (the text size:
    smallest first); a connection
    setting is free text checked by `SettingsModel.refusals`. `note` says why the user's
    own saved value for this setting is not in force, if it is not.
    """

    name: str
    label: str
    help: str
    value: object
    value_text: str
    policy_value: object
    locked: bool
    lock_text: str | None
    editable: bool
    choices: tuple[Choice, ...]
    note: str | None

    @property
    def is_text(self) -> bool:
        return self.name in CONNECTION


@dataclass(frozen=True, slots=True)
class SettingsModel:
    """Every setting a user can see, as it runs; see the module docstring."""

    machine: MachinePolicy
    user: Mapping[str, object]
    effective: MachinePolicy
    settings: tuple[SettingView, ...]
    notices: tuple[str, ...]  # about the user file as a whole: shown above the rows

    @classmethod
    def build(
        cls,
        machine: MachinePolicy,
        user: Mapping[str, object],
        *,
        file_problem: str | None = None,
    ) -> SettingsModel:
        applied = _usable(machine, user)
        effective, refused_lines = apply_user_settings(machine, applied)
        refused = _by_name(refused_lines)
        notices = [file_problem] if file_problem else []
        unknown = sorted(name for name in refused if name not in _SETTINGS)
        if unknown:
            notices.append(
                "Your settings file has entries ContactPoint does not use: "
                + "; ".join(f"{name} ({refused[name]})" for name in unknown)
                + "."
            )
        views = tuple(_view(name, machine, effective, user, refused) for name in ORDER)
        return cls(machine, dict(user), effective, views, tuple(notices))

    def setting(self, name: str) -> SettingView:
        for view in self.settings:
            if view.name == name:
                return view
        raise KeyError(name)

    def changes(self, wanted: Mapping[str, object]) -> dict[str, UserValue | None]:
        """What to save so that the editable settings in `wanted` take those values.

        A value equal to the machine policy's, or an empty text, is saved as None: the
        user then follows the policy, also when the administrator changes it later. Values
        for settings that are not editable, and values already in force, are left out.
        """
        result: dict[str, UserValue | None] = {}
        for name, value in wanted.items():
            view = self.setting(name)
            if not view.editable:
                continue
            own = _normalise(view, value)
            if not _same(own, _normalise(view, view.value)):
                result[name] = own
        return result

    def refusals(self, changes: Mapping[str, UserValue | None]) -> dict[str, str]:
        """Why each change that would not be applied is refused (empty when all would be)."""
        setting = {name: value for name, value in changes.items() if value is not None}
        _, refused = apply_user_settings(self.machine, _usable(self.machine, setting))
        reasons = _by_name(refused)
        for name in changes:
            if name not in _SETTINGS:
                reasons.setdefault(name, "not a setting")
            elif not (view := self.setting(name)).editable:
                reasons[name] = view.lock_text or "not editable"
        return reasons

    def with_changes(self, changes: Mapping[str, UserValue | None]) -> SettingsModel:
        """The model once `changes` are saved (as `save_user_changes` saves them)."""
        return SettingsModel.build(self.machine, merge_user_changes(self.user, changes))


def _usable(machine: MachinePolicy, user: Mapping[str, object]) -> dict[str, object]:
    if not machine.training:
        return dict(user)
    return {name: value for name, value in user.items() if name not in CONNECTION}


def _by_name(lines: list[str]) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for line in lines:
        name, _, reason = line.partition(": ")
        reasons[name] = reason
    return reasons


def _view(
    name: str,
    machine: MachinePolicy,
    effective: MachinePolicy,
    user: Mapping[str, object],
    refused: Mapping[str, str],
) -> SettingView:
    describe = _SETTINGS[name]
    value = getattr(effective, name)
    policy_value = getattr(machine, name)
    lock_text: str | None = None
    note: str | None = None
    if name in machine.locked:
        lock_text = LOCKED_TEXT
    elif machine.training and name in CONNECTION:
        lock_text = TRAINING_TEXT
        if name in user:
            note = "Your own setting is not used in training."
    locked = lock_text is not None
    editable = not locked and (name in ORDERED or name in CONNECTION)
    if name in refused and note is None:
        reason = refused[name].removeprefix("refused: ")
        note = f"Your saved setting is not used: {reason}."
    choices = _choices(name, policy_value, value, describe.words) if editable else ()
    return SettingView(
        name=name,
        label=describe.label,
        help=describe.help,
        value=value,
        value_text=describe.words(value),
        policy_value=policy_value,
        locked=locked,
        lock_text=lock_text,
        editable=editable,
        choices=choices,
        note=note,
    )


def _choices(
    name: str, policy_value: object, value: object, words: Callable[[object], str]
) -> tuple[Choice, ...]:
    if name in ("capture_protection", "password_required", "high_contrast"):
        assert isinstance(policy_value, bool)
        # On is the stricter value: offered always; off only where the policy has it off.
        values: list[int | bool] = [True] if policy_value else [True, False]
    elif name in ("idle_timeout_minutes", "cache_hours"):
        assert isinstance(policy_value, int) and isinstance(value, int)
        steps = IDLE_STEPS if name == "idle_timeout_minutes" else CACHE_STEPS
        values = sorted({step for step in steps if step <= policy_value} | {policy_value, value})
    elif name == "text_scale_percent":
        assert isinstance(policy_value, int) and isinstance(value, int)
        # Larger is the stronger value; smallest first, as a size is read.
        larger = {step for step in TEXT_SCALE_STEPS if step >= policy_value}
        values = sorted(larger | {policy_value, value})
    else:
        return ()
    return tuple(Choice(v, words(v) + (POLICY_MARK if v == policy_value else "")) for v in values)


def _normalise(view: SettingView, value: object) -> UserValue | None:
    if view.is_text:
        text = str(value).strip() if value is not None else ""
        if not text or text == str(view.policy_value):
            return None
        return text
    if isinstance(value, bool | int) and _same(value, view.policy_value):
        return None
    if not isinstance(value, bool | int):
        raise TypeError(f"{view.name} takes one of its choices, not {value!r}")
    return value


def _same(first: object, second: object) -> bool:
    # bool is an int in Python: True must not equal 1 minute.
    return type(first) is type(second) and first == second


__all__ = [
    "ACCESSIBILITY",
    "CACHE_STEPS",
    "IDLE_STEPS",
    "LOCKED_TEXT",
    "TEXT_SCALE_STEPS",
    "TRAINING_TEXT",
    "Choice",
    "SettingView",
    "SettingsModel",
]


def with_user_settings(policy: MachinePolicy) -> MachinePolicy:
    """The policy with this user's own settings applied: they can only tighten it, and a
    user settings file that cannot be used is reported and left out, never fatal."""
    user = read_user_settings()
    if user.problem:
        _log.warning("user settings ignored: %s", user.problem)
    return SettingsModel.build(policy, user.values, file_problem=user.problem).effective
