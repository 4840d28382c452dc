"""Where each user's own settings live, and reading and writing them.

    user_settings_path() -> Path            # <user config folder>/ContactPoint/settings.json
    read_user_settings(path=None) -> UserSettings
    save_user_changes(changes, path=None) -> UserSettings

The file is one JSON object of policy.json field names, e.g. {"idle_timeout_minutes": 5}.
What it may change is decided by `apply_user_settings`, never here: this module only
finds, reads and writes it.

Unlike the machine policy, a user settings file that cannot be used never stops the client:
it can only ever tighten the policy, so ignoring it is always safe, and a practitioner on a
ward cannot be locked out by a file they did not know they had. It is reported (the
settings view shows why) and the machine policy applies alone.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import platformdirs

SETTINGS_NAME: Final = "settings.json"

# What a user setting may hold: the JSON scalars policy.json uses. Paths are stored as text.
UserValue = str | int | bool


@dataclass(frozen=True, slots=True)
class UserSettings:
    """The user's settings as read, and why the file was ignored, if it was."""

    path: Path
    values: Mapping[str, object] = field(default_factory=dict)
    problem: str | None = None


def user_settings_path() -> Path:
    """This user's settings file: ~/.config/ContactPoint/settings.json on Linux,
    %LOCALAPPDATA%\\ContactPoint\\settings.json on Windows."""
    # appauthor=False: as the training home (desktop.training.demo), no extra vendor folder.
    return platformdirs.user_config_path("ContactPoint", appauthor=False) / SETTINGS_NAME


def read_user_settings(path: Path | None = None) -> UserSettings:
    """The settings in `path` (default `user_settings_path()`); never raises for a bad file.

    No file: no settings. A file that cannot be read, is not JSON, is not an object, or
    (POSIX) can be changed by someone other than its owner: no settings, and `problem`
    says why.
    """
    path = user_settings_path() if path is None else path
    try:
        with path.open("rb") as stream:
            trust = _untrusted(os.fstat(stream.fileno()))
            raw = stream.read()
    except FileNotFoundError:
        return UserSettings(path)
    except OSError as exc:
        return _ignored(path, f"cannot be read: {exc.strerror or exc}")
    if trust is not None:
        return _ignored(path, trust)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _ignored(path, f"is not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return _ignored(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno})")
    if not isinstance(data, dict):
        return _ignored(path, "does not hold a JSON object")
    return UserSettings(path, data)


def save_user_changes(
    changes: Mapping[str, UserValue | None], path: Path | None = None
) -> UserSettings:
    """Apply `changes` to the file and return what it now holds.

    A value of None removes the setting (the user follows the machine policy again). A file
    that was ignored is replaced: what it held never applied anyway.
    """
    current = read_user_settings(path)
    values = merge_user_changes(current.values if current.problem is None else {}, changes)
    write_user_settings(values, current.path)
    return UserSettings(current.path, values)


def merge_user_changes(
    values: Mapping[str, object], changes: Mapping[str, UserValue | None]
) -> dict[str, object]:
    """`values` with `changes` applied (None removes a setting), keys in order."""
    merged = dict(values)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return dict(sorted(merged.items()))


def write_user_settings(values: Mapping[str, object], path: Path | None = None) -> None:
    """Replace the file with `values`, readable and writable by this user only (0600).

    Written to a temporary file beside it and renamed over it, so that a crash or a full
    disk leaves the old file or the new one, never half of one. OSError if it cannot be.
    """
    path = user_settings_path() if path is None else path
    text = json.dumps(dict(values), indent=2, sort_keys=True) + "\n"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkstemp creates the file 0600 on POSIX; on Windows the user's profile folder's ACL
    # already keeps other users out.
    handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _untrusted(status: os.stat_result) -> str | None:
    # Another local user able to write this file could point an unlocked directory URL or
    # token driver at their own; such a file is not this user's settings.
    if sys.platform == "win32":
        return None
    if status.st_uid != os.getuid():
        return "belongs to another user"
    if status.st_mode & 0o022:
        return f"can be changed by other users (mode {status.st_mode & 0o777:04o}; make it 0600)"
    return None


def _ignored(path: Path, problem: str) -> UserSettings:
    return UserSettings(
        path,
        problem=f"Your settings file {path} {problem}. It is ignored: ContactPoint runs on "
        "your administrator's policy.",
    )
