"""devices/ is a leaf: the standard library only, so that every client package may use it."""

from __future__ import annotations

import sys

from tests.test_layers import ROOT, imported_roots


def test_devices_imports_only_the_standard_library_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"__future__", "devices"}
    found = {
        f"{path.relative_to(ROOT).as_posix()} imports {root}"
        for path in sorted((ROOT / "devices").rglob("*.py"))
        for root in imported_roots(path) - allowed
    }
    assert found == set()
