"""Tests wait for a signal or a condition, never for a length of time, and time nothing
(issue 10).

A fixed `qtbot.wait(ms)`, `qtbot.assertNotEmitted(..., wait=ms)` or `time.sleep` wastes
the time or, on a loaded machine, is too short and the test flakes; and it hides what the
test is waiting for. A stopwatch (`time.monotonic`, `time.perf_counter`) in a test asserts
a timing. Wait with `qtbot.waitSignal` / `qtbot.waitUntil`, hold slow work at a gate the
test opens (tests/desktop/rig.py `Network.held`), send a barrier after what must not
arrive (tests/desktop/test_oslock.py `Bus.barrier`), or use tests/event_loop.py. Timings
belong in benchmarks/. Checked on the source with the ast module, as tests/test_layers.py
does.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.test_layers import ROOT

TESTS = ROOT / "tests"
# "path:line" -> why that fixed wait is justified. Empty: keep it so.
ALLOWED: dict[str, str] = {}


def _is_qtbot(node: ast.expr) -> bool:
    """`qtbot` or `<anything>.qtbot` (the rig's)."""
    return (isinstance(node, ast.Name) and node.id == "qtbot") or (
        isinstance(node, ast.Attribute) and node.attr == "qtbot"
    )


# What a test may not call from the time module: a sleep, or a stopwatch.
TIMING = ("sleep", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns")


def fixed_waits(path: Path) -> list[int]:
    """Lines of `path` that call qtbot.wait(...), assertNotEmitted(..., wait=...),
    time.sleep or a stopwatch (however imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    sleeps = {f"time.{name}" for name in TIMING}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            sleeps.update(a.asname or a.name for a in node.names if a.name in TIMING)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "time" and a.asname:
                    sleeps.update(f"{a.asname}.{name}" for name in TIMING)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        waits = isinstance(func, ast.Attribute) and func.attr == "wait" and _is_qtbot(func.value)
        quiet_for = isinstance(func, ast.Attribute) and func.attr == "assertNotEmitted"
        quiet_for = quiet_for and any(k.arg == "wait" for k in node.keywords)
        if waits or quiet_for or ast.unparse(func) in sleeps:
            found.append(node.lineno)
    return sorted(found)


def test_no_test_waits_for_a_fixed_time_or_times_anything() -> None:
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in fixed_waits(path)
    ]
    assert [f for f in found if f not in ALLOWED] == []


def test_the_checker_catches_each_spelling(tmp_path: Path) -> None:
    bad = tmp_path / "test_bad.py"
    bad.write_text(
        "import time\nimport time as clock\nfrom time import sleep as nap\n"
        "def test(qtbot, rig):\n"
        "    qtbot.wait(100)\n    rig.qtbot.wait(300)\n    time.sleep(1)\n"
        "    clock.sleep(1)\n    nap(1)\n    started = time.monotonic()\n"
        "    qtbot.assertNotEmitted(None, wait=50)\n    qtbot.assertNotEmitted(None)\n"
        "    qtbot.waitUntil(lambda: True)\n    qtbot.waitSignal(None)\n    event.wait(1)\n"
    )
    assert fixed_waits(bad) == [5, 6, 7, 8, 9, 10, 11]
