"""A prepared training home served over TLS by the real `training serve` in a child process.

Shared by the end-to-end tests: preparing a home takes most of their time, and the
server and its uvicorn workers must all go when the test ends.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.training import Prepared, TrainingError, prepare
from desktop.training.demo import serving
from tests.conftest import temporary_postgres_database
from tests.desktop.homes import TEST_CHILDREN, require_softhsm

# A module-scoped `served` fixture's params: one served home per backend.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass(frozen=True)
class Served:
    prepared: Prepared
    manifest: dict[str, Any]
    log: Path  # what `training serve` wrote, standard output and error together

    @property
    def url(self) -> str:
        return str(self.manifest["directory_url"])

    def user(self, label: str) -> dict[str, Any]:
        return next(u for u in self.manifest["users"] if u["token_label"] == label)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    try:
        with serving(prepared.layout.home, manifest, log=log):
            yield Served(prepared, manifest, log)
    except TrainingError as exc:
        pytest.fail(f"{exc}\n{log.read_text(errors='replace')}")


def serve_on(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A home served on `backend` ("sqlite", or a temporary PostgreSQL database, dropped
    after): for the tests that must pass on both."""
    module = require_softhsm()
    with contextlib.ExitStack() as stack:
        db_url = None
        if backend == "postgres":
            db_url = stack.enter_context(temporary_postgres_database())
        yield from serve(tmp_path_factory.mktemp(backend), module, db_url)
