"""The policy the client runs with, each value with where it came from and whether the
administrator locked it: the first thing a helpdesk asks when a setting is not what a user
expects. Origins: "file" (the policy file), "Group Policy" (Windows, over the file),
"user" (the user's own settings, which can only tighten), "default"."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop.diagnostics.report import Section
from desktop.policy import MachinePolicy, read_registry_policy
from desktop.policy.machine import read_policy_json

# What describes the policy itself rather than a setting of it.
_ABOUT_POLICY = frozenset({"locked"})


def origins(
    machine: MachinePolicy,
    effective: MachinePolicy,
    file_data: Mapping[str, Any],
    registry: Mapping[str, Any],
) -> dict[str, str]:
    """Field name -> origin, for every setting of the policy."""
    found: dict[str, str] = {}
    for field in dataclasses.fields(MachinePolicy):
        name = field.name
        if name in _ABOUT_POLICY:
            continue
        if getattr(effective, name) != getattr(machine, name):
            found[name] = "user"
        elif name in registry:
            found[name] = "Group Policy"
        elif name in file_data:
            found[name] = "file"
        else:
            found[name] = "default"
    return found


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "(not set)" if value is None else str(value)


def policy_section(
    machine: MachinePolicy,
    effective: MachinePolicy,
    path: Path | None,
    read_registry: Callable[[], Mapping[str, Any] | None] = read_registry_policy,
) -> Section:
    problems: list[tuple[str, str]] = []
    try:
        file_data: Mapping[str, Any] = read_policy_json(path) if path and path.exists() else {}
    except Exception as exc:  # the report goes on: it is what the helpdesk reads first
        file_data, problems = {}, [("file problem", str(exc))]
    registry: Mapping[str, Any] = {}
    if sys.platform == "win32":
        try:
            registry = read_registry() or {}
        except Exception as exc:
            problems.append(("Group Policy problem", str(exc)))
    items = [("file", str(path) if path else "none noted (a policy built in code)")]
    for name, origin in origins(machine, effective, file_data, registry).items():
        if path is None and origin == "default":
            origin = "file or default"  # no file noted to tell them apart
        lock = ", locked" if name in effective.locked else ""
        items.append((name, f"{_shown(getattr(effective, name))}  ({origin}{lock})"))
    return Section("Machine policy", tuple(items + problems), ok=not problems)
