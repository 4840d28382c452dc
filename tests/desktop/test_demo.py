"""`contactpoint demo`: a prepared home is served and the client side checked against it.

`--check` runs the self-test where the window would open, so the whole path of `make demo`
— the home's policy, SOFTHSM2_CONF for its tokens, the directory child process, TLS to it
— is exercised without a screen. It runs in a child process: SoftHSM reads its
configuration once per process (tests/smartcard/conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.training import prepare
from desktop.training.demo import users_table
from desktop.training.layout import SOURCE_ROOT
from tests.desktop.homes import TEST_CHILDREN, require_softhsm
from tests.e2e.served import free_port


def _demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [sys.executable, "-m", "desktop.cli", "demo", *args],
        cwd=SOURCE_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_demo_serves_the_home_and_the_client_side_checks_out(tmp_path: Path) -> None:
    module = require_softhsm()
    home = tmp_path / "home"
    prepare(home, children=TEST_CHILDREN, port=free_port(), pkcs11_module=module)
    done = _demo("--home", str(home), "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    for check in ("Qt", "PKCS#11 module", "SQLCipher", "TLS trust", "Directory over TLS"):
        assert f"ok   {check}" in done.stdout, done.stdout
    # The trainer is told who can sign in, with each token's PIN.
    assert "social-worker" in done.stdout and "PIN" in done.stdout
    # The directory child process is gone with the command.
    assert "Traceback" not in done.stderr


def test_demo_without_a_window_says_where_the_client_starts(tmp_path: Path) -> None:
    done = _demo("--home", str(tmp_path / "never-made"))
    assert done.returncode == 2
    assert "'contactpoint' command" in done.stderr
    assert not (tmp_path / "never-made").exists()


def test_the_users_table_lists_every_user_with_their_pin() -> None:
    data = {
        "users": [
            {
                "token_label": "teacher",
                "pin": "123456",
                "roles": ["practitioner"],
                "name": "Tess Teacher",
                "organisation": "Zz Primary",
            }
        ]
    }
    table = users_table(data)
    assert "teacher" in table and "123456" in table and "Tess Teacher - Zz Primary" in table


@pytest.mark.parametrize("extra", [["--policy", "x.json"], ["--self-test"]])
def test_demo_refuses_a_policy_or_self_test_of_its_own(extra: list[str]) -> None:
    from desktop.cli import main

    assert main([*extra, "demo"]) == 2
