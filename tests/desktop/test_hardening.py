"""Process hardening, in a child process: it changes the process that runs it for good.

The dumpable flag is read with prctl(PR_GET_DUMPABLE) in the child, independently of the
code under test: /proc/self/status has no line for it on current kernels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import ctypes, json, resource, sys
from desktop.platform import harden_process

def dumpable():
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE

before = {"core": resource.getrlimit(resource.RLIMIT_CORE), "dumpable": dumpable()}
report = harden_process()
again = harden_process()
json.dump({
    "before": before,
    "core": resource.getrlimit(resource.RLIMIT_CORE),
    "dumpable": dumpable(),
    "complete": report.complete,
    "again": again.complete,
    "lines": report.lines(),
}, sys.stdout)
"""


def _harden_in_child() -> dict[str, object]:
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_CORE on Windows")
def test_core_dumps_are_off_after_hardening() -> None:
    data = _harden_in_child()
    before = data["before"]
    assert isinstance(before, dict)
    if before["core"] == [0, 0]:
        pytest.skip("this environment already forbids core dumps: nothing left to observe")
    assert data["core"] == [0, 0]
    assert data["complete"] is True
    assert data["again"] is True  # idempotent: a second call still reports success
    lines = data["lines"]
    assert isinstance(lines, list)
    assert any("RLIMIT_CORE" in line and line.startswith("applied") for line in lines)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")
def test_the_process_is_not_dumpable_after_hardening() -> None:
    data = _harden_in_child()
    before = data["before"]
    assert isinstance(before, dict)
    assert before["dumpable"] == 1  # so the assertion below can fail
    assert data["dumpable"] == 0
    lines = data["lines"]
    assert isinstance(lines, list)
    assert any("PR_SET_DUMPABLE" in line and line.startswith("applied") for line in lines)
