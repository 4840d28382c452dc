"""`contactpoint demo`: a prepared home is served and the client side checked against it.

`--check` runs the self-test where the window would open, so the whole path of `make demo`
— the home's policy, SOFTHSM2_CONF for its tokens, the directory child process, TLS to it
— is exercised without a screen. It runs in a child process: SoftHSM reads its
configuration once per process (tests/smartcard/conftest.py).
"""

from __future__ import annotations

import os
import shlex
import signal
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from desktop.training import manifest, prepare
from desktop.training.demo import directory_lines, serving, users_table, wait_until_serving
from desktop.training.layout import SOURCE_ROOT, Layout
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


def test_the_lines_printed_to_stop_and_restart_the_directory_do_so(tmp_path: Path) -> None:
    # README: "try offline by stopping the directory". The trainer pastes the two command
    # lines the demo prints; each must do what it says to the real served directory.
    module = require_softhsm()
    home = tmp_path / "home"
    prepare(home, children=TEST_CHILDREN, port=free_port(), pkcs11_module=module)
    data = manifest.load(Layout.at(home))
    with serving(home, data, log=tmp_path / "serve.log") as process:
        lines = directory_lines(data["directory_url"], process.pid, home).splitlines()
        stop = next(line.strip() for line in lines if line.strip().startswith("kill "))
        subprocess.run(shlex.split(stop), check=True)  # noqa: S603 - the printed line
        process.wait(timeout=10)
        with pytest.raises(OSError):
            _health(data)
    start = shlex.split(lines[-1].strip())
    assert start[-3:] == ["serve", "--home", str(home)]
    again = subprocess.Popen(  # noqa: S603 - the printed line
        start, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until_serving(data["directory_url"], data["ca_file"], again)
    finally:
        os.killpg(again.pid, signal.SIGTERM)
        again.wait(timeout=10)


def _health(data: dict[str, Any]) -> None:
    context = ssl.create_default_context(cafile=data["ca_file"])
    url = f"{data['directory_url']}/healthz"
    with urllib.request.urlopen(url, context=context, timeout=2):  # noqa: S310 - https
        pass
