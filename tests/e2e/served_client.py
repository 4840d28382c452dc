"""The real client on the served training home, for the scenarios that run in processes of
their own (gui_scenario.py, workspace_scenario.py): their fixtures, and the user by label.

    from tests.e2e.served_client import client, directory, manifest, reader, user

The home is named by CONTACTPOINT_E2E_MANIFEST, which tests/e2e/isolated.py sets.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.controller import Controller
from desktop.policy import load_training_policy
from smartcard import open_module
from smartcard.simulated_reader import SimulatedReader as Reader
from sync import DirectoryClient
from ui.app import ClientApp
from ui.no_export import install_no_export

MANIFEST = os.environ.get("CONTACTPOINT_E2E_MANIFEST")
if MANIFEST is None:  # a scenario runs only through its test, which serves the home first
    raise RuntimeError("Run a scenario through its tests/e2e/test_*.py (needs a served home).")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(str(MANIFEST)).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def reader(manifest: dict[str, Any]) -> Reader:
    return Reader(open_module(manifest["pkcs11_module"]))


@pytest.fixture
def directory(manifest: dict[str, Any]) -> Iterator[DirectoryClient]:
    """The client's connection to the served directory (a scenario may read its session)."""
    policy = load_training_policy(Path(manifest["policy_file"]), None)
    connection = DirectoryClient(policy.directory_url, verify=str(policy.ca_file))
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def client(
    qtbot: QtBot, manifest: dict[str, Any], reader: Reader, directory: DirectoryClient
) -> Iterator[ClientApp]:
    policy = load_training_policy(Path(manifest["policy_file"]), None)
    # The client as the machine policy builds it: no keyring at all here (isolated.py sets
    # keyring's fail backend), so the cache keeps its wrapped key in a file beside it.
    app = ClientApp(Controller(policy, reader, directory))
    install_no_export(QApplication.instance())  # type: ignore[arg-type]
    app.start()
    try:
        yield app
    finally:
        app.stop()
        reader.remove()


def user(manifest: dict[str, Any], label: str) -> dict[str, Any]:
    return next(u for u in manifest["users"] if u["token_label"] == label)
