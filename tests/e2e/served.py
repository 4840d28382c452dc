"""A prepared training home served over TLS by the real `training serve` in a child process.

Shared by the end-to-end tests: preparing a home takes most of their time, and the
server and its uvicorn workers must all go when the test ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.training import Prepared, prepare
from desktop.training.layout import SOURCE_ROOT
from tests.desktop.homes import TEST_CHILDREN

STARTUP_SECONDS = 30.0


@dataclass(frozen=True)
class Served:
    prepared: Prepared
    manifest: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.manifest["directory_url"])

    def user(self, label: str) -> dict[str, Any]:
        return next(u for u in self.manifest["users"] if u["token_label"] == label)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(server: subprocess.Popen[bytes], url: str, ca_file: str, log: Path) -> None:
    tls = ssl.create_default_context(cafile=ca_file)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"training serve exited early:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", verify=tls, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"training serve did not answer /healthz:\n{log.read_text(errors='replace')}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the server and its uvicorn workers: they share the session it was started in."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def serve(tmp_path: Path, module: Path, db_url: str | None) -> Iterator[Served]:
    prepared = prepare(
        tmp_path / "home",
        children=TEST_CHILDREN,
        db_url=db_url,
        port=free_port(),
        pkcs11_module=module,
    )
    manifest = json.loads(prepared.layout.manifest.read_text(encoding="utf-8"))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our interpreter and module, no shell
            [
                sys.executable,
                "-m",
                "desktop.cli",
                "training",
                "serve",
                "--home",
                str(prepared.layout.home),
            ],
            cwd=SOURCE_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: the workers are killed with it
        )
    try:
        wait_until_healthy(server, manifest["directory_url"], manifest["ca_file"], log)
        yield Served(prepared, manifest)
    finally:
        stop(server)
