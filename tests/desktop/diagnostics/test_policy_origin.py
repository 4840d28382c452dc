"""Where each policy value came from: the file, Group Policy, the user, or the default."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.diagnostics.policy_origin import origins, policy_section
from desktop.policy import MachinePolicy, apply_user_settings

FILE = {
    "directory_url": "https://directory.example",
    "ca_file": "/etc/contactpoint/ca.pem",
    "pkcs11_module": "/usr/lib/opensc-pkcs11.so",
    "idle_timeout_minutes": 10,
    "locked": ["cache_hours"],
}


def _machine() -> MachinePolicy:
    return MachinePolicy(
        directory_url=FILE["directory_url"],  # type: ignore[arg-type]
        ca_file=Path("/etc/contactpoint/ca.pem"),
        pkcs11_module=Path("/usr/lib/opensc-pkcs11.so"),
        idle_timeout_minutes=10,
        locked=frozenset({"cache_hours"}),
    )


def test_each_value_is_from_the_file_group_policy_the_user_or_the_default() -> None:
    machine = _machine()
    effective, refused = apply_user_settings(machine, {"idle_timeout_minutes": 5})
    assert refused == []
    found = origins(machine, effective, FILE, {"worklist_poll_seconds": 60})
    assert found["directory_url"] == "file"
    assert found["idle_timeout_minutes"] == "user"  # tightened from the file's 10
    assert found["worklist_poll_seconds"] == "Group Policy"
    assert found["cache_hours"] == "default"
    assert "locked" not in found


def test_the_section_shows_values_origins_and_locks(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(FILE), encoding="utf-8")
    section = policy_section(_machine(), _machine(), path)
    items = dict(section.items)
    assert section.ok and items["file"] == str(path)
    assert items["idle_timeout_minutes"] == "10  (file)"
    assert items["cache_hours"] == "8  (default, locked)"
    assert items["capture_protection"] == "true  (default)"


def test_a_policy_file_that_cannot_be_read_is_said_and_the_rest_still_shown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "policy.json"
    path.write_text("{not json", encoding="utf-8")
    section = policy_section(_machine(), _machine(), path)
    items = dict(section.items)
    assert not section.ok and str(path) in items["file problem"]
    assert items["directory_url"] == "https://directory.example  (default)"


def test_with_no_file_noted_file_and_default_are_not_told_apart() -> None:
    section = policy_section(_machine(), _machine(), None)
    items = dict(section.items)
    assert items["file"] == "none noted (a policy built in code)"
    assert items["idle_timeout_minutes"] == "10  (file or default)"
