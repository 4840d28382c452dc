"""training.json and policy.json: writing them, and reading training.json back.

training.json has exactly the shape of DESIGN.md 4.1; policy.json is the client's training
machine policy (formalised by issue 5). Both are written owner-only: training PINs are not
secrets, but the manifest is a map of the home and nobody else on the machine needs it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from desktop.training.errors import NotAHome
from desktop.training.layout import Layout

MANIFEST_FIELDS = (
    "directory_url",
    "ca_file",
    "pkcs11_module",
    "softhsm2_conf",
    "db_url",
    "policy_file",
    "users",
    "scenarios",
)


def write_json(path: Path, data: dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)  # O_CREAT's mode does not apply to an existing file
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")


def training_policy(directory_url: str, ca_file: Path, pkcs11_module: Path) -> dict[str, Any]:
    return {
        "training": True,
        "directory_url": directory_url,
        "ca_file": str(ca_file),
        "pkcs11_module": str(pkcs11_module),
        "idle_timeout_minutes": 15,
        "cache_hours": 8,
        "capture_protection": True,
        "password_required": False,
        # Short, so that a trainer sees a new alert or request arrive while they watch.
        "worklist_poll_seconds": 5,
    }


def load(layout: Layout) -> dict[str, Any]:
    """The home's training.json; NotAHome if prepare never finished there."""
    try:
        data = json.loads(layout.manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotAHome(
            f"{layout.home} is not a training home (no training.json): run "
            "'contactpoint training prepare --home DIR' first."
        ) from None
    except json.JSONDecodeError as exc:
        raise NotAHome(f"{layout.manifest} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise NotAHome(f"{layout.manifest} is not a training manifest.")
    missing = [name for name in MANIFEST_FIELDS if name not in data]
    if missing:
        raise NotAHome(f"{layout.manifest} lacks {', '.join(missing)}.")
    return data
