"""Practitioner time: card inserted to the lead professional's phone number on screen, for
every training child a practitioner may find, at a person's pace (issue 12: 15 s or less).

    python -m benchmarks --only practitioner   # this section of BENCHMARKS.md alone

The parent serves a training home (the real `training serve`, TLS, two workers) and runs
the real client under Xvfb (xvfb-run, QT_QPA_PLATFORM=xcb) in a process of its own, which
benchmarks/practitioner_drive.py drives from the keyboard at about 6 keys a second with a
second to think before each step: the PIN, the family name, the date of birth, the row.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.practitioner_drive import (
    KEYS_PER_SECOND,
    NOT_FOR_PRACTITIONERS,
    NOT_FOUND,
    THINK_SECONDS,
    USER,
)

AIM_MS = 15_000.0
CHILDREN = 8000
SCREEN = "1600x1000x24"


def client_environment(manifest: dict[str, Any], folder: Path) -> dict[str, str]:
    """The client's process: the home's SoftHSM tokens, and a HOME of its own, with no
    keyring (as on a kiosk session), so nothing of the person running it is touched."""
    user = folder / "user"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("XDG_")},
        "SOFTHSM2_CONF": manifest["softhsm2_conf"],
        "HOME": str(user),
        "XDG_CONFIG_HOME": str(user / "config"),
        "XDG_DATA_HOME": str(user / "data"),
        "XDG_CACHE_HOME": str(user / "cache"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def drive_in_process(
    manifest_file: Path,
    env: dict[str, str],
    *options: str,
    xvfb: bool = True,
    timeout: float = 900,
) -> list[dict[str, Any]]:
    """Run the driver in a fresh process (under xvfb-run, or offscreen); its results."""
    command = [sys.executable, "-m", "benchmarks.practitioner_drive", str(manifest_file)]
    if xvfb:
        runner = shutil.which("xvfb-run")
        if runner is None:
            raise RuntimeError("xvfb-run is missing (Debian package xvfb; make installs it)")
        command = [runner, "-a", "-s", f"-screen 0 {SCREEN}", *command]
        env = {**env, "QT_QPA_PLATFORM": "xcb"}
    else:
        env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [*command, *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the practitioner driver failed:\n{done.stdout}\n{done.stderr}")
    results: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


def run(folder: Path, children: int = CHILDREN) -> dict[str, Any]:
    from benchmarks.machine import load_average
    from benchmarks.training_server import served_home

    with served_home(folder, children) as (manifest_file, manifest):
        env = client_environment(manifest, folder)
        drive_in_process(manifest_file, env, "--full-speed", "--only", "ordinary")  # warm
        before = load_average()
        calls = drive_in_process(manifest_file, env)
    return {"children": children, "calls": calls, "load_before": before}


PRACTITIONER_HEADING = "## Practitioner time"


def table(result: dict[str, Any]) -> list[str]:
    from benchmarks.machine import describe

    rows = []
    for call in result["calls"]:
        marks = call["marks"]
        machine = call["ms"] - call["paced_ms"]
        verdict = "yes" if call["ms"] <= AIM_MS else "**no**"
        if call["shown"] == NOT_FOUND:
            verdict = "not found: not timed"
        rows.append(
            f"| {call['scenario']} | {call['shown']} | {marks['pin_dialog'] / 1000:.1f} "
            f"| {marks['main_window'] / 1000:.1f} | {marks['results'] / 1000:.1f} "
            f"| {call['ms'] / 1000:.1f} | {machine / 1000:.1f} | {verdict} |"
        )
    worst = max(c["ms"] for c in result["calls"] if c["shown"] != NOT_FOUND) / 1000
    return [
        PRACTITIONER_HEADING,
        "",
        f"Card inserted to the lead professional's phone number on screen, the real client "
        f"under Xvfb (xcb) driven from the keyboard only at a person's pace: "
        f"{KEYS_PER_SECOND:.0f} keys a second and {THINK_SECONDS:.0f} s to think before each "
        "step (PIN, family name, date of birth, the row). One call per child: card in on "
        f"the lock screen, PIN ({USER} card), Enter; family name, Alt+B, date of birth "
        "(dd/mm/yyyy), Enter; arrows to the child, Enter; card out. Training directory of "
        f"{result['children']:,} children (SQLite, TLS, 2 workers) on the same machine. "
        "Aim (issue 12): 15 s or less for every child.",
        "",
        "A shielded child shows a practitioner only its four fields and how to ask the "
        "management team for contact: its time stops when those are on screen. A child "
        "with no lead professional stops at the record's \"No lead professional is "
        "recorded\", where the phone would be, over the management team's numbers. "
        f"Not timed: {', '.join(NOT_FOR_PRACTITIONERS)} (out of the live directory, which "
        "a practitioner searches).",
        "",
        *describe(None)[:3],
        "",
        "| child | shown | PIN dialog s | main window s | results s | total s "
        "| of it the client's s | 15 s or less |",
        "|---|---|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f'Columns are seconds from the card inserted; "the client\'s" is the total less the '
        f"person's typing and thinking. Slowest child: {worst:.1f} s. Load average as the "
        f"calls began (other work on the machine included): {result['load_before']}.",
        "",
        f"Measured on {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
    ]
