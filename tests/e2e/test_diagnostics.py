"""`contactpoint --diagnostics` after an end-to-end session (issue 13): inside the client
that has just used the directory, and from the command line on the same machine afterwards.
Both are checked for the helpdesk's facts and against every synthetic value of the session.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.training.layout import SOURCE_ROOT
from tests.desktop.homes import require_softhsm
from tests.e2e.disk import forbidden_in_reports
from tests.e2e.isolated import run_scenario
from tests.e2e.served import Served, serve

SCENARIO = Path(__file__).with_name("diagnostics_scenario.py")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    module = require_softhsm()
    yield from serve(tmp_path_factory.mktemp("diagnostics"), module, None)


def _diagnostics(served: Served, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    policy = served.manifest["policy_file"]
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    return subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [sys.executable, "-m", "desktop.cli", "--policy", policy, "--diagnostics", *extra],
        env={
            **inherited,
            "HOME": str(home),
            "SOFTHSM2_CONF": served.manifest["softhsm2_conf"],
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        },
        cwd=SOURCE_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_report_in_and_after_a_session_names_no_child_and_no_pin(
    served: Served, tmp_path: Path
) -> None:
    run_scenario(SCENARIO, served, tmp_path, {"SOFTHSM2_CONF": served.manifest["softhsm2_conf"]})
    done = _diagnostics(served, tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    lowered = report.lower()
    assert not [
        value for value in forbidden_in_reports(served.manifest) if value.lower() in lowered
    ]
    # The teacher's cache, seen from outside, with its key file (there is no keyring here).
    assert re.search(r"caches +1\n", report) and "key file beside it" in report, report
    assert re.search(r"key store +a key file beside each cache \(policy: auto\)", report)
    # Each card with its PIN flags and certificate, read without a PIN.
    for user in served.manifest["users"]:
        assert f"{user['token_label']} (serial" in report
    assert "no flags set" in report and "expires" in report
    # Where each policy value came from.
    assert "(file)" in report and "(default)" in report
    assert re.search(r"/healthz +200", report) and re.search(r"reachable +yes", report)


def test_the_report_as_json_has_every_section(served: Served, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    done = _diagnostics(served, tmp_path / "home", "--json")
    data = json.loads(done.stdout)
    titles = [section["title"] for section in data["sections"]]
    assert titles == [
        "ContactPoint",
        "Machine policy",
        "Card readers and cards",
        "Directory",
        "Cache",
        "Screen-capture protection",
        "Last requests to the directory (newest first)",
    ]
    assert data["ok"] is (done.returncode == 0), done.stderr
    # The report's own two probes, each with the id the directory saw.
    [recent] = [s for s in data["sections"] if s["title"].startswith("Last requests")]
    assert [item[1].split()[1] for item in recent["items"]] == ["200", "200"]
    log = served.log.read_text(errors="replace")
    assert all(item[1].split()[0] in log for item in recent["items"])
