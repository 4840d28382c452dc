"""Qt opens on a real X server, not only offscreen: the xcb plugin and the libraries it
needs (the Makefile installs them) load, and the client's lock screen is drawn there.

The rest of the suite draws offscreen; this is the check that `make demo` on a desktop
finds a working platform plugin. Xvfb is the X server (Debian's xvfb, installed by the
Makefile); without it the test skips on a developer's machine and fails with CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import IN_CI

SCRIPT = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.lock_screen import LockScreen
screen = LockScreen(training=True)
screen.show_insert_token()
screen.show()
app.processEvents()
print(app.platformName(), screen.isVisible(), screen.grab().width() > 0)
"""


def test_the_lock_screen_opens_on_an_x_server() -> None:
    if shutil.which("xvfb-run") is None:
        if IN_CI:
            pytest.fail("xvfb-run is required in CI (Debian package xvfb)", pytrace=False)
        pytest.skip("xvfb-run is not installed")
    environment = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run(  # noqa: S603 - our interpreter, no shell
        ["xvfb-run", "-a", sys.executable, "-c", SCRIPT],  # noqa: S607 - found on PATH above
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["xcb", "True", "True"], done.stdout + done.stderr[-2000:]
