"""The bundle and .deb of this source tree, built by `make bundle` once per CI run.

`make test` runs `make bundle` before pytest; the fixture runs it again, which is a no-op
when nothing the bundle is made of has changed (the Makefile's BUNDLE_SOURCES), and a
build when a developer runs these tests on their own after a change. Without make,
dpkg-deb or the bundle's tools the tests skip here and fail with CI=true.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from installer.debian import deb_name
from installer.freeze import NAME
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Built:
    bundle: Path  # dist/contactpoint/
    deb: Path
    root: Path  # the .deb unpacked by dpkg -x: opt/, usr/, etc/

    @property
    def installed(self) -> Path:
        return self.root / "opt" / NAME


def _require(ok: bool, reason: str) -> None:
    if ok:
        return
    if IN_CI:
        pytest.fail(f"the bundle test needs {reason} in CI", pytrace=False)
    pytest.skip(f"{reason} not available")


def build(unpack_into: Path) -> Built:
    for tool in ("make", "dpkg-deb", "objdump", "ldd"):
        _require(shutil.which(tool) is not None, tool)
    done = subprocess.run(  # noqa: S603 - make of this tree, no shell
        ["make", "-C", str(ROOT), "bundle"],  # noqa: S607 - make from PATH, as CI runs it
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    _require(importlib.util.find_spec("PyInstaller") is not None, "PyInstaller")
    deb = ROOT / "dist" / deb_name(ROOT)
    dpkg_deb("-x", str(deb), str(unpack_into))
    return Built(ROOT / "dist" / NAME, deb, unpack_into)


def dpkg_deb(*args: str) -> bytes:
    """dpkg-deb's output (it is in dpkg itself, on every Debian machine)."""
    return subprocess.run(  # noqa: S603 - our own arguments, no shell
        ["dpkg-deb", *args],  # noqa: S607 - from PATH, as dpkg finds it
        capture_output=True,
        check=True,
    ).stdout
