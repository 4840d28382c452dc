"""The installed client, from the .deb unpacked with `dpkg -x`, against a served training
home: `contactpoint --self-test` and `--diagnostics` pass, the launcher in /usr/bin runs
the bundle, and the training commands say in a sentence that they are not installed."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from installer.debian import version
from installer.entry import NOT_IN_BUNDLE
from tests.desktop.homes import require_softhsm
from tests.e2e.served import Served, serve
from tests.installer.built import ROOT, Built


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    module = require_softhsm()
    yield from serve(tmp_path_factory.mktemp("bundle"), module, None)


def _run(
    program: Path, *args: str, home: Path, softhsm2_conf: str | None = None
) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    # Nothing of the source tree's Python reaches the bundle: it has its own.
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "PYTHON", "VIRTUAL_ENV")) and k != "PATH"
    }
    env = {**inherited, "PATH": "/usr/bin:/bin", "HOME": str(home)}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if softhsm2_conf is not None:
        env["SOFTHSM2_CONF"] = softhsm2_conf
    return subprocess.run(  # noqa: S603 - the bundle we built, no shell
        [str(program), *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _installed(
    built: Built, served: Served, home: Path, flag: str
) -> subprocess.CompletedProcess[str]:
    """The installed client on the served home's policy, with its tokens."""
    return _run(
        built.installed / "contactpoint",
        "--policy",
        served.manifest["policy_file"],
        flag,
        home=home,
        softhsm2_conf=served.manifest["softhsm2_conf"],
    )


def test_the_installed_self_test_passes_against_the_served_directory(
    built: Built, served: Served, tmp_path: Path
) -> None:
    done = _installed(built, served, tmp_path / "home", "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    for check in ("Qt", "PKCS#11 module", "SQLCipher", "TLS trust", "Directory over TLS"):
        assert f"ok   {check}" in done.stdout, done.stdout


def test_the_installed_diagnostics_report_the_bundle_and_the_directory(
    built: Built, served: Served, tmp_path: Path
) -> None:
    done = _installed(built, served, tmp_path / "home", "--diagnostics")
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    assert re.search(rf"version +{re.escape(version(ROOT))}\n", report), report
    assert f"bundle in {built.installed}" in report
    assert re.search(r"/healthz +200", report) and re.search(r"reachable +yes", report)
    for user in served.manifest["users"]:
        assert f"{user['token_label']} (serial" in report


def test_the_launcher_runs_the_bundle_beside_it(built: Built, tmp_path: Path) -> None:
    done = _run(built.root / "usr/bin/contactpoint", "--help", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: contactpoint")
    # Without --policy it reads the machine policy, which this machine does not have.
    done = _run(built.root / "usr/bin/contactpoint", "--self-test", home=tmp_path / "home")
    assert done.returncode == 2
    assert "/etc/contactpoint/policy.json" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "command", [["training", "prepare", "--home", "h"], ["training", "serve"], ["demo"]]
)
def test_the_training_commands_say_they_are_not_installed(
    built: Built, tmp_path: Path, command: list[str]
) -> None:
    done = _run(built.root / "usr/bin/contactpoint", *command, home=tmp_path / "home")
    assert done.returncode == 2
    assert done.stderr.strip() == NOT_IN_BUNDLE
    assert not (tmp_path / "home" / "h").exists()
