"""`contactpoint --policy FILE`: running the client on a training policy.

A policy given on the command line replaces the administrator's, so it is accepted only if
it says it is a training policy (the client then marks every screen TRAINING) and only if
the machine policy, when there is one, has not turned training off.
"""

from __future__ import annotations

from pathlib import Path

from desktop.policy.machine import (
    FieldError,
    MachinePolicy,
    PolicyError,
    default_policy_path,
    load_machine_policy,
    policy_from_mapping,
    read_policy_json,
)


def installed_machine_policy(path: Path | None = None) -> MachinePolicy | None:
    """The machine policy at `path` (default: `default_policy_path()`), None if there is none.

    No file means no administrator has spoken (a developer's or trainer's machine); a file
    that is there but malformed is still a PolicyError.
    """
    path = default_policy_path() if path is None else path
    if not path.exists():
        return None
    return load_machine_policy(path)


def load_training_policy(path: Path, machine: MachinePolicy | None) -> MachinePolicy:
    """The training policy in `path`, refused unless marked training and training is allowed.

    `machine` is the installed machine policy (see `installed_machine_policy`), or None on a
    machine without one. It is checked first: where training is forbidden, the file given
    is not even read.
    """
    if machine is not None and not machine.allow_training:
        raise PolicyError(
            path,
            "refused: the machine policy does not allow training (allow_training is false)",
        )
    data = read_policy_json(path)
    # Checked before the other fields: a production policy passed to --policy by mistake
    # is told so, rather than about some field it happens to have.
    if data.get("training") is not True:
        raise PolicyError(
            path,
            'is not a training policy (it must say "training": true); '
            "--policy only accepts training policies",
            "training",
        )
    try:
        return policy_from_mapping(data)
    except FieldError as exc:
        raise PolicyError(path, exc.problem, exc.field) from None
