"""The machine policy (DESIGN.md 4, "Machine policy" and "Training mode"; issues 4 and 5).

Pure Python: no Qt, no directory or UI imports, no I/O beyond the policy file, the registry
(Windows) and the user's own settings file.

    load_machine_policy(path) -> MachinePolicy          # the administrator's file
    default_policy_path() -> Path                        # /etc/contactpoint/policy.json, or
                                                         # %ProgramData%\\ContactPoint\\policy.json
    installed_machine_policy(path=None) -> MachinePolicy | None   # None when no file
    load_training_policy(path, machine) -> MachinePolicy          # contactpoint --policy FILE
    apply_user_settings(policy, user) -> (MachinePolicy, refused: list[str])
    load_effective_policy(platform=sys.platform) -> MachinePolicy | None
                                    # the file, and on Windows Group Policy over it
    read_registry_policy(winreg_module=None) -> dict | None   # Group Policy's values
    read_user_settings(path=None) -> UserSettings              # never raises
    save_user_changes(changes, path=None) -> UserSettings

Every malformed policy is a PolicyError whose message names the file and the field
(RegistryPolicyError, a PolicyError, names the registry value). A malformed user settings
file is never an error: it is reported in UserSettings.problem and ignored.
"""

from __future__ import annotations

from desktop.policy.machine import (
    CACHE_HOURS_MAX,
    CACHE_KEY_STORES,
    IDLE_TIMEOUT_RANGE,
    LOCKABLE,
    TEXT_SCALE_RANGE,
    WORKLIST_POLL_RANGE,
    MachinePolicy,
    PolicyError,
    default_policy_path,
    load_machine_policy,
)
from desktop.policy.registry import (
    RegistryPolicyError,
    load_effective_policy,
    read_registry_policy,
)
from desktop.policy.training import installed_machine_policy, load_training_policy
from desktop.policy.user import apply_user_settings
from desktop.policy.user_file import (
    UserSettings,
    read_user_settings,
    save_user_changes,
    user_settings_path,
)

__all__ = [
    "CACHE_HOURS_MAX",
    "CACHE_KEY_STORES",
    "IDLE_TIMEOUT_RANGE",
    "LOCKABLE",
    "TEXT_SCALE_RANGE",
    "WORKLIST_POLL_RANGE",
    "MachinePolicy",
    "PolicyError",
    "RegistryPolicyError",
    "UserSettings",
    "apply_user_settings",
    "default_policy_path",
    "installed_machine_policy",
    "load_effective_policy",
    "load_machine_policy",
    "load_training_policy",
    "read_registry_policy",
    "read_user_settings",
    "save_user_changes",
    "user_settings_path",
]
