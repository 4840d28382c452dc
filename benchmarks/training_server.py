"""A training home served by the real `training serve` for as long as a block runs."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.training import prepare
from desktop.training.layout import SOURCE_ROOT

STARTUP_SECONDS = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served_home(folder: Path, children: int) -> Iterator[tuple[Path, dict[str, Any]]]:
    prepared = prepare(folder / "home", children=children, port=_free_port())
    manifest_file = prepared.layout.manifest
    manifest: dict[str, Any] = json.loads(manifest_file.read_text(encoding="utf-8"))
    command = [sys.executable, "-m", "desktop.cli", "training", "serve", "--home"]
    with (folder / "serve.log").open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - our interpreter and module, no shell
            [*command, str(prepared.layout.home)],
            cwd=SOURCE_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        context = ssl.create_default_context(cafile=manifest["ca_file"])
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                url = f"{manifest['directory_url']}/healthz"
                with urllib.request.urlopen(url, context=context, timeout=2):  # noqa: S310
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the training directory did not start") from None
                time.sleep(0.2)
        yield manifest_file, manifest
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
