"""End to end with the real client: the training directory served over TLS, SoftHSM tokens,
and the desktop client driven by pytest-qt (DESIGN.md 5).

The client side runs as its own pytest process (tests/e2e/gui_scenario.py): SoftHSM reads
SOFTHSM2_CONF once per process, at C_Initialize, and this process may already have loaded
it for the smartcard tests with another configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.training.layout import SOURCE_ROOT
from tests.desktop.homes import require_softhsm
from tests.e2e.served import Served, serve

SCENARIO = Path(__file__).with_name("gui_scenario.py")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    module = require_softhsm()
    yield from serve(tmp_path_factory.mktemp("gui"), module, None)


def test_the_client_signs_in_finds_shields_overrides_and_locks(
    served: Served, tmp_path: Path
) -> None:
    done = subprocess.run(  # noqa: S603 - our interpreter and pytest, no shell
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(SCENARIO)],
        env={
            **os.environ,
            "SOFTHSM2_CONF": served.manifest["softhsm2_conf"],
            "CONTACTPOINT_E2E_MANIFEST": str(served.prepared.layout.manifest),
            "QT_QPA_PLATFORM": "offscreen",
        },
        cwd=SOURCE_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout
