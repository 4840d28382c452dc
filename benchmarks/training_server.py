"""A training home served by the real `training serve` for as long as a block runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.http_api import free_port
from desktop.training import prepare
from desktop.training.demo import serving


@contextmanager
def served_home(folder: Path, children: int) -> Iterator[tuple[Path, dict[str, Any]]]:
    prepared = prepare(folder / "home", children=children, port=free_port())
    manifest_file = prepared.layout.manifest
    manifest: dict[str, Any] = json.loads(manifest_file.read_text(encoding="utf-8"))
    with serving(prepared.layout.home, manifest, log=folder / "serve.log"):
        yield manifest_file, manifest
