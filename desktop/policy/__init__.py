"""The machine policy (DESIGN.md 4, "Machine policy" and "Training mode"; issues 4 and 5).

Pure Python: no Qt, no directory or UI imports, no I/O beyond reading the files given.

    load_machine_policy(path) -> MachinePolicy          # the administrator's file
    default_policy_path() -> Path                        # /etc/contactpoint/policy.json, or
                                                         # %ProgramData%\\ContactPoint\\policy.json
    installed_machine_policy(path=None) -> MachinePolicy | None   # None when no file
    load_training_policy(path, machine) -> MachinePolicy          # contactpoint --policy FILE
    apply_user_settings(policy, user) -> (MachinePolicy, refused: list[str])

Every malformed policy is a PolicyError whose message names the file and the field.
On Windows the registry key HKLM\\Software\\Policies\\ContactPoint is read as well; that
belongs to issue 5 and is not part of this package.
"""

from __future__ import annotations

from desktop.policy.machine import (
    CACHE_HOURS_MAX,
    IDLE_TIMEOUT_RANGE,
    LOCKABLE,
    MachinePolicy,
    PolicyError,
    default_policy_path,
    load_machine_policy,
)
from desktop.policy.training import installed_machine_policy, load_training_policy
from desktop.policy.user import apply_user_settings

__all__ = [
    "CACHE_HOURS_MAX",
    "IDLE_TIMEOUT_RANGE",
    "LOCKABLE",
    "MachinePolicy",
    "PolicyError",
    "apply_user_settings",
    "default_policy_path",
    "installed_machine_policy",
    "load_machine_policy",
    "load_training_policy",
]
