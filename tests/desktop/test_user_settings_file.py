"""The user's own settings file: where it lives, written private and whole, and a file that
cannot be used is reported and ignored (it never stops the client, and never weakens the
machine policy)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from desktop.policy import (
    MachinePolicy,
    UserSettings,
    apply_user_settings,
    read_user_settings,
    save_user_changes,
    user_settings_path,
)
from desktop.policy.user_file import write_user_settings

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def machine() -> MachinePolicy:
    return MachinePolicy(
        directory_url="https://directory.example.org",
        ca_file=Path("/etc/contactpoint/ca.pem"),
        pkcs11_module=Path("/usr/lib/p11.so"),
        idle_timeout_minutes=15,
    )


def test_the_file_is_in_the_users_config_folder() -> None:
    expected = platformdirs.user_config_path("ContactPoint", appauthor=False) / "settings.json"
    assert user_settings_path() == expected


def test_no_file_means_no_settings_and_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert read_user_settings(path) == UserSettings(path, {}, None)


def test_saved_changes_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "ContactPoint" / "settings.json"
    saved = save_user_changes({"idle_timeout_minutes": 5, "capture_protection": True}, path)
    assert saved.values == {"capture_protection": True, "idle_timeout_minutes": 5}
    assert read_user_settings(path) == UserSettings(path, saved.values, None)
    # None removes a setting: the user follows the machine policy again.
    saved = save_user_changes({"idle_timeout_minutes": None, "cache_hours": 0}, path)
    assert read_user_settings(path).values == {"cache_hours": 0, "capture_protection": True}
    assert json.loads(path.read_text(encoding="utf-8")) == saved.values


@posix_only
def test_the_file_is_private_to_its_user(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "settings.json"
    save_user_changes({"cache_hours": 2}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not stat.S_IMODE(path.parent.stat().st_mode) & 0o077
    # Rewriting keeps it private, even over a file that had been left readable.
    path.chmod(0o644)
    save_user_changes({"cache_hours": 1}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    save_user_changes({"cache_hours": 2}, path)

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        save_user_changes({"cache_hours": 1}, path)
    assert read_user_settings(path).values == {"cache_hours": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary left


BROKEN: list[tuple[str, bytes, str]] = [
    ("not json", b'{"cache_hours": 2,', "is not valid JSON (line 1, column 19)"),
    ("a list", b'["cache_hours"]', "does not hold a JSON object"),
    ("not utf-8", b'{"directory_url": "\xff"}', "is not UTF-8 text (byte 19)"),
]


@pytest.mark.parametrize(
    ("body", "problem"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_a_broken_file_is_reported_and_ignored(tmp_path: Path, body: bytes, problem: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(body)
    settings = read_user_settings(path)
    assert settings.values == {}
    assert settings.problem is not None
    assert str(path) in settings.problem and problem in settings.problem
    assert "ignored" in settings.problem
    # The client runs on the machine policy alone.
    assert apply_user_settings(machine(), settings.values) == (machine(), [])


def test_a_file_that_cannot_be_read_is_reported_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()  # reading a folder fails on every system
    settings = read_user_settings(path)
    assert settings.values == {} and settings.problem is not None
    assert "cannot be read" in settings.problem


@posix_only
def test_a_file_others_can_change_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write_user_settings({"directory_url": "https://elsewhere.example.org"}, path)
    path.chmod(0o666)
    settings = read_user_settings(path)
    assert settings.values == {}
    assert settings.problem is not None and "can be changed by other users" in settings.problem
    path.chmod(0o600)
    assert read_user_settings(path).values == {"directory_url": "https://elsewhere.example.org"}


def test_saving_over_an_ignored_file_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{oops", encoding="utf-8")
    saved = save_user_changes({"cache_hours": 4}, path)
    assert saved == UserSettings(path, {"cache_hours": 4}, None)
    assert read_user_settings(path) == saved


def test_what_the_file_holds_is_judged_by_the_policy_rules(tmp_path: Path) -> None:
    # Readable but weakening or wrong: read as it is, then refused setting by setting.
    path = tmp_path / "settings.json"
    write_user_settings({"idle_timeout_minutes": 120, "cache_hours": 1, "theme": "dark"}, path)
    settings = read_user_settings(path)
    assert settings.problem is None
    effective, refused = apply_user_settings(machine(), settings.values)
    assert effective.idle_timeout_minutes == 15 and effective.cache_hours == 1
    assert [line.split(":")[0] for line in refused] == ["idle_timeout_minutes", "theme"]
