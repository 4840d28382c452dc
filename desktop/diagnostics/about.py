"""What is running: ContactPoint's version and build, the OS, Python and Qt, and whether
screen capture can be kept out on this platform."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from pathlib import Path

from desktop.diagnostics.report import Section
from desktop.platform.capture import UNSUPPORTED_REASON
from desktop.policy import MachinePolicy


def version() -> str:
    try:
        return importlib.metadata.version("contactpoint")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed as a package)"


def build() -> str:
    # PyInstaller sets sys.frozen in the bundle it builds (make bundle).
    if getattr(sys, "frozen", False):
        return f"bundle in {Path(sys.executable).parent}"
    return f"source, in {Path(__file__).resolve().parents[2]}"


def about_section() -> Section:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()}, PySide6 {PySide6.__version__}"
    except ImportError as exc:
        qt = f"PySide6 does not import: {exc}"
    items = (
        ("version", version()),
        ("build", build()),
        ("os", platform.platform()),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("qt", qt),
    )
    return Section("ContactPoint", items, ok=not qt.startswith("PySide6 does not"))


def capture_section(policy: MachinePolicy) -> Section:
    if sys.platform == "win32":
        platform_can = "yes: each window is excluded from capture (SetWindowDisplayAffinity)"
    elif sys.platform == "darwin":
        platform_can = "yes: each window is shared as none (NSWindow sharingType)"
    else:
        platform_can = f"no: {UNSUPPORTED_REASON}"
    items = (
        ("policy", "required" if policy.capture_protection else "not required"),
        ("this platform", platform_can),
    )
    return Section("Screen-capture protection", items)
