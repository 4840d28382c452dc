"""`contactpoint demo`: prepare the training home if it is not there, serve it, open the client.

The directory runs as a child process (uvicorn wants its own main thread and workers),
and the client runs here, with SOFTHSM2_CONF pointing at the home's tokens before the
PKCS#11 module is first loaded (SoftHSM reads it once, at C_Initialize). The trainer sees
the users and their PINs in the terminal: training PINs are printed by design.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs

from desktop.policy import MachinePolicy, installed_machine_policy, load_training_policy
from desktop.policy.source import note_policy_source
from desktop.training import manifest
from desktop.training.errors import TrainingError
from desktop.training.layout import Layout
from desktop.training.prepare import prepare
from desktop.training.summary import summary

START_TIMEOUT = 60.0  # seconds for the directory to answer /healthz (2 uvicorn workers)


def default_home() -> Path:
    return platformdirs.user_data_path("ContactPoint", appauthor=False) / "training"


def users_table(data: dict[str, Any]) -> str:
    lines = ["Training users (insert the token, type its PIN):", ""]
    lines.append(f"  {'token':<18} {'PIN':<8} {'roles':<26} name - organisation")
    for user in data["users"]:
        roles = ",".join(user["roles"])
        lines.append(
            f"  {user['token_label']:<18} {user['pin']:<8} {roles:<26} "
            f"{user['name']} - {user['organisation']}"
        )
    return "\n".join(lines)


def ready_home(home: Path, out: Callable[[str], None] = print) -> dict[str, Any]:
    """The home's manifest, preparing the home first if it has never been prepared."""
    layout = Layout.at(home)
    if not layout.manifest.exists():
        out(f"Preparing the training home in {home} (synthetic children, tokens, CA)…")
        out(summary(prepare(home)))
    return manifest.load(layout)


def wait_until_serving(url: str, ca_file: str, process: subprocess.Popen[bytes]) -> None:
    context = ssl.create_default_context(cafile=ca_file)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise TrainingError(
                f"The training directory stopped (exit {process.returncode}); see its output."
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", context=context, timeout=2):  # noqa: S310 - https URL from the manifest
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    raise TrainingError(f"The training directory did not answer at {url} in time.")


@contextmanager
def serving(
    home: Path, data: dict[str, Any], log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """The training directory in a child process for as long as the block runs.

    Yields the process, the leader of its own process group. Its output goes to `log` when
    given (tests, benchmarks), else to this terminal. TrainingError if it stops or does not
    answer /healthz in time.
    """
    command = [sys.executable, "-m", "desktop.cli", "training", "serve", "--home", str(home)]
    with contextlib.ExitStack() as files:
        out = files.enter_context(log.open("wb")) if log is not None else None
        # A session of its own, so that the uvicorn workers go with the server (killpg).
        process = subprocess.Popen(  # noqa: S603 - our interpreter and module
            command, stdout=out, stderr=subprocess.STDOUT if out else None, start_new_session=True
        )
    try:
        wait_until_serving(data["directory_url"], data["ca_file"], process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def run_demo(
    home: Path,
    open_client: Callable[[MachinePolicy], int],
    out: Callable[[str], None] = print,
) -> int:
    data = ready_home(home, out)
    policy = load_training_policy(Path(data["policy_file"]), installed_machine_policy())
    note_policy_source(Path(data["policy_file"]))
    # Before anything loads the PKCS#11 module: SoftHSM reads its configuration once.
    os.environ["SOFTHSM2_CONF"] = data["softhsm2_conf"]
    with serving(home, data) as process:
        out(users_table(data))
        out(directory_lines(data["directory_url"], process.pid, home))
        return open_client(policy)


def directory_lines(url: str, group: int, home: Path) -> str:
    """Where the directory is, and how a trainer takes it away to show offline reading."""
    return (
        f"\nTraining directory: {url} (process group {group}; it stops when the client closes)\n"
        "To try reading offline: open a record, then stop the directory from another terminal\n"
        f"  kill -- -{group}\n"
        "and search again: the client shows the records opened on this computer, read-only\n"
        "with their age. To start the directory again:\n"
        f"  {shlex.join([_command(), 'training', 'serve', '--home', str(home)])}"
    )


def _command() -> str:
    """The `contactpoint` command beside this interpreter (make demo's .venv/bin), so the
    line can be pasted into a terminal where the virtual environment is not active."""
    beside = Path(sys.executable).with_name("contactpoint")
    return str(beside) if beside.exists() else "contactpoint"
