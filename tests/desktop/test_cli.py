"""`contactpoint` for the client: which policy it runs on, --self-test, and the launcher.

In this process the machine policy's location is redirected to a temporary file and the
hardening is recorded rather than applied. What must not happen in this process (loading
SoftHSM with another configuration, hardening it, creating a bare QCoreApplication) runs in
a child process through `python -m desktop.cli`, as the command itself would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import desktop.cli
from desktop.cli import NO_LAUNCHER, main
from desktop.platform import HardeningReport, Measure
from desktop.policy import MachinePolicy
from smartcard import TrainingCA, prepare_softhsm
from smartcard.softhsm import init_token
from tests.desktop.healthz_server import healthz_server
from tests.desktop.homes import require_softhsm

ROOT = Path(__file__).resolve().parents[2]
MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def _policy_file(path: Path, **fields: Any) -> Path:
    data: dict[str, Any] = {
        "training": True,
        "directory_url": "https://127.0.0.1:8443",
        "ca_file": "/etc/contactpoint/ca.pem",
        "pkcs11_module": MODULE,
    }
    data.update(fields)
    path.write_text(json.dumps({k: v for k, v in data.items() if v is not None}), "utf-8")
    return path


class Recorder:
    """Stands in for harden_process and the GUI launcher, and remembers the order."""

    def __init__(self, code: int = 0) -> None:
        self.code = code
        self.calls: list[str] = []
        self.policies: list[MachinePolicy] = []

    def harden(self) -> HardeningReport:
        self.calls.append("harden")
        return HardeningReport((Measure("test", True, "recorded only"),))

    def open_client(self, policy: MachinePolicy) -> int:
        self.calls.append("open_client")
        self.policies.append(policy)
        return self.code


@pytest.fixture
def machine_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's machine policy lives (absent unless the test writes it)."""
    path = tmp_path / "machine" / "policy.json"
    path.parent.mkdir()
    monkeypatch.setattr(desktop.cli, "default_policy_path", lambda: path)
    return path


@pytest.fixture
def recorder(machine_path: Path) -> Recorder:
    return Recorder(code=7)


def _run(recorder: Recorder, *argv: str) -> int:
    return main(list(argv), open_client=recorder.open_client, harden=recorder.harden)


# -- which policy ------------------------------------------------------------------------


def test_a_training_policy_hardens_then_opens_the_client(
    tmp_path: Path, recorder: Recorder
) -> None:
    policy = _policy_file(tmp_path / "policy.json", idle_timeout_minutes=5)
    assert _run(recorder, "--policy", str(policy)) == 7
    assert recorder.calls == ["harden", "open_client"]
    [opened] = recorder.policies
    assert opened.training and opened.idle_timeout_minutes == 5


def test_without_policy_the_machine_policy_is_used(machine_path: Path, recorder: Recorder) -> None:
    _policy_file(machine_path, training=None, idle_timeout_minutes=30)
    assert _run(recorder) == 7
    [opened] = recorder.policies
    assert not opened.training and opened.idle_timeout_minutes == 30


@pytest.mark.parametrize("use_option", [True, False], ids=["--policy", "machine"])
def test_a_malformed_policy_names_file_and_field_and_exits_2(
    tmp_path: Path,
    machine_path: Path,
    recorder: Recorder,
    capsys: pytest.CaptureFixture[str],
    use_option: bool,
) -> None:
    path = tmp_path / "policy.json" if use_option else machine_path
    _policy_file(path, training=True if use_option else None, cache_hours=48)
    argv = ["--policy", str(path)] if use_option else []
    assert _run(recorder, *argv) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "field 'cache_hours'" in err
    assert "open_client" not in recorder.calls


def test_a_missing_machine_policy_is_not_replaced_by_defaults(
    machine_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(recorder) == 2
    err = capsys.readouterr().err
    assert f"Policy file {machine_path}: does not exist" in err
    assert "--policy" in err
    assert recorder.policies == []


def test_policy_refuses_a_file_not_marked_training(
    tmp_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    production = _policy_file(tmp_path / "production.json", training=None)
    assert _run(recorder, "--policy", str(production)) == 2
    err = capsys.readouterr().err
    assert str(production) in err
    assert "is not a training policy" in err
    assert recorder.policies == []


def test_policy_is_refused_where_the_machine_forbids_training(
    tmp_path: Path, machine_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    _policy_file(machine_path, training=None, allow_training=False)
    policy = _policy_file(tmp_path / "policy.json")
    assert _run(recorder, "--policy", str(policy)) == 2
    assert "does not allow training" in capsys.readouterr().err
    assert recorder.policies == []


# -- launcher, usage ---------------------------------------------------------------------


def test_without_a_launcher_it_says_where_the_client_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = Recorder()
    policy = _policy_file(tmp_path / "policy.json")
    assert main(["--policy", str(policy)], harden=recorder.harden) == 2
    assert capsys.readouterr().err.strip() == NO_LAUNCHER
    assert recorder.calls == []  # nothing to protect: the process is not hardened


def test_training_takes_no_client_options(
    recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(recorder, "--self-test", "training", "serve", "--home", "/x") == 2
    assert "not for 'training'" in capsys.readouterr().err


def test_help_lists_the_options_and_the_training_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("--policy FILE", "--self-test", "training"):
        assert word in out


def test_an_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-such-option"]) == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


# -- in a child process: the command as it runs -------------------------------------------


def _command(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter and this package
        [sys.executable, "-m", "desktop.cli", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_python_m_desktop_cli_runs_the_command() -> None:
    result = _command()
    assert result.returncode == 2
    assert result.stderr.strip() == NO_LAUNCHER


def test_self_test_with_a_malformed_policy_exits_2(tmp_path: Path) -> None:
    policy = _policy_file(tmp_path / "policy.json", directory_url="http://directory.example")
    result = _command("--policy", str(policy), "--self-test")
    assert result.returncode == 2
    assert str(policy) in result.stderr and "field 'directory_url'" in result.stderr
    assert result.stdout == ""


def test_self_test_names_the_missing_module_and_ca(tmp_path: Path) -> None:
    module, ca = tmp_path / "libnone.so", tmp_path / "none.pem"
    policy = _policy_file(tmp_path / "policy.json", pkcs11_module=str(module), ca_file=str(ca))
    result = _command("--policy", str(policy), "--self-test")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok   Qt",
        "FAIL PKCS#11 module",
        "ok   SQLCipher",
        "FAIL TLS trust",
        "FAIL Directory over TLS",
    ]
    assert str(module) in lines[1]
    assert str(ca) in lines[3]


@pytest.fixture(scope="module")
def softhsm_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A SoftHSM home with one token; the environment a child process needs to see it."""
    module = require_softhsm()
    home = prepare_softhsm(tmp_path_factory.mktemp("softhsm"), module)
    init_token(home, "self-test", so_pin="12345678", user_pin="1234")
    yield home.environment()


def test_self_test_all_green(tmp_path: Path, softhsm_home: dict[str, str]) -> None:
    ca = TrainingCA.create(tmp_path / "ca", "CLI")
    server = ca.issue_server_certificate(tmp_path / "server")
    with healthz_server(server) as url:
        policy = _policy_file(
            tmp_path / "policy.json",
            directory_url=url,
            ca_file=str(ca.certificate_path),
            pkcs11_module=require_softhsm().as_posix(),
        )
        result = _command("--policy", str(policy), "--self-test", env=softhsm_home)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all(line.startswith("ok   ") for line in lines), lines
    assert lines[1].endswith("loaded, 1 token present")
    assert lines[4] == f"ok   Directory over TLS: {url} answered /healthz over TLSv1.3"


LAUNCH = """
import ctypes, resource, sys
from desktop.cli import main

def open_client(policy):
    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    print(resource.getrlimit(resource.RLIMIT_CORE), dumpable, policy.training)
    return 5

sys.exit(main(sys.argv[1:], open_client=open_client))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads prctl, Linux only")
def test_the_client_starts_in_a_hardened_process(tmp_path: Path) -> None:
    policy = _policy_file(tmp_path / "policy.json")
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", LAUNCH, "--policy", str(policy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 5, result.stderr
    assert result.stdout.strip() == "(0, 0) 0 True"


def test_json_goes_only_with_diagnostics(
    recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(recorder, "--json") == 2
    assert "--json goes with --diagnostics" in capsys.readouterr().err


def test_diagnostics_without_a_machine_policy_says_where_it_should_be(
    machine_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(recorder, "--diagnostics") == 2
    assert f"Policy file {machine_path}: does not exist" in capsys.readouterr().err
    assert recorder.calls == []
