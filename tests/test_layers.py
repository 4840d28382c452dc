"""The import rules of DESIGN.md section 2, checked on the source with the ast module.

Static rather than by importing, so that a forbidden import inside a function or behind
`if TYPE_CHECKING` is caught too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ("desktop", "ui", "sync", "smartcard")
RULES: dict[str, set[str]] = {
    "sync": {"PySide6", "directory", "desktop", "ui"},
    "smartcard": {"PySide6", "directory", "desktop", "ui"},
    "directory": {"PySide6", *CLIENT},
    "ui": {"httpx", "pkcs11", "sqlcipher3", "keyring", "directory", "sync", "smartcard"},
    "desktop": {"directory", "ui"},
    "devices": {"PySide6", "contract", "directory", *CLIENT},  # leaf: tests/devices/test_leaf.py
}
# The training launcher is the one place that brings the client and the directory together.
ALLOWED = {("desktop/training", "directory"), ("desktop/training", "smartcard")}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def violations(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for root in sorted(imported_roots(path) & RULES[package]):
            if not any(relative.startswith(p) and root == r for p, r in ALLOWED):
                found.append(f"{relative} imports {root}")
    return found


# The wire contract is a leaf: the standard library only, so that both programs (and any
# other client) can take it without taking either one's dependencies.
LEAVES = ("contract",)


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_keeps_to_its_layer(package: str) -> None:
    assert violations(package) == []


@pytest.mark.parametrize("leaf", LEAVES)
def test_a_leaf_imports_only_itself_and_the_standard_library(leaf: str) -> None:
    allowed = {leaf, "__future__", *sys.stdlib_module_names}
    found = [
        f"{path.relative_to(ROOT).as_posix()} imports {root}"
        for path in sorted((ROOT / leaf).rglob("*.py"))
        for root in sorted(imported_roots(path) - allowed)
    ]
    assert found == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtCore\n    import httpx.client\n")
    assert imported_roots(bad) == {"PySide6", "httpx"}


def test_ui_enters_desktop_only_by_its_front_door() -> None:
    # `from desktop import X`, never `from desktop.controller import X`: what ui/ may use is
    # what desktop/__init__.py exports (issue 10).
    found = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("desktop."):
                found.append(f"{path.relative_to(ROOT).as_posix()} imports {node.module}")
            if isinstance(node, ast.Import):
                found += [f"{path.name} imports {a.name}" for a in node.names if "." in a.name]
    assert found == []


def test_the_front_door_exports_what_it_names() -> None:
    import desktop

    for name in desktop.__all__:
        assert getattr(desktop, name) is not None, name
