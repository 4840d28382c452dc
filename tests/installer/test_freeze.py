"""What installer.freeze asks PyInstaller to bundle, read from the source tree."""

from __future__ import annotations

from installer.freeze import client_modules, pyinstaller_args, resource_files
from tests.installer.built import ROOT


def test_every_client_module_is_named_and_no_server_or_test_module() -> None:
    modules = set(client_modules(ROOT))
    # Imported by name at run time (PEP 562 maps, importlib): PyInstaller would miss them.
    assert {"ui.main", "ui.app", "desktop", "desktop.cli", "sync.cache", "smartcard"} <= modules
    assert {"contract", "devices", "resources"} <= modules
    assert not [m for m in modules if m.split(".")[0] in {"directory", "tests", "benchmarks"}]
    assert not [m for m in modules if m.startswith("desktop.training")]


def test_the_arguments_exclude_the_directory_and_carry_the_icons() -> None:
    args = pyinstaller_args(ROOT, dist=ROOT / "dist", work=ROOT / "build")
    excluded = {args[i + 1] for i, a in enumerate(args) if a == "--exclude-module"}
    assert {"directory", "desktop.training", "tests", "benchmarks"} <= excluded
    data = {args[i + 1] for i, a in enumerate(args) if a == "--add-data"}
    assert {f"{p}:resources" for p in resource_files(ROOT)} == data
    assert {p.name for p in resource_files(ROOT)} >= {"shield.svg", "contactpoint.qrc"}
