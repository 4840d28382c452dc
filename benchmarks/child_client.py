"""The real client on a served training home (benchmarks.training_server), in a child
process of its own: SoftHSM reads its configuration once per process.

Imports nothing heavy at the top, so that a child's start is the client's start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_child(manifest: dict[str, Any], module: str, *args: str) -> dict[str, Any]:
    """Run `python -m module args` with the home's SoftHSM tokens, offscreen; the JSON
    object its last line of output prints."""
    done = subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [sys.executable, "-m", module, *args],
        env={
            **os.environ,
            "SOFTHSM2_CONF": manifest["softhsm2_conf"],
            "QT_QPA_PLATFORM": "offscreen",
        },
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def client_in_this_process(manifest_file: Path) -> tuple[Any, dict[str, Any], Any, Any]:
    """The QApplication, the manifest, the simulated reader and the client as the training
    policy builds it, in the child process (run_child)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.controller import Controller
    from desktop.policy import load_training_policy
    from smartcard import open_module
    from smartcard.simulated_reader import SimulatedReader
    from sync import DirectoryClient
    from ui.app import ClientApp
    from ui.no_export import install_no_export

    app = QApplication([])
    install_no_export(app)
    manifest: dict[str, Any] = json.loads(manifest_file.read_text(encoding="utf-8"))
    policy = load_training_policy(Path(manifest["policy_file"]), None)
    reader = SimulatedReader(open_module(policy.pkcs11_module))
    directory = DirectoryClient(policy.directory_url, verify=str(policy.ca_file))
    return app, manifest, reader, ClientApp(Controller(policy, reader, directory))
