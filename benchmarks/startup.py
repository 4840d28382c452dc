"""The client's start: process start to the lock screen painted, idle and with a core busy.

    python -m benchmarks --only startup        # this section of BENCHMARKS.md alone

The parent prepares a machine (an empty SoftHSM home, a CA bundle, a machine policy) and
starts the real `contactpoint --policy FILE` path (ui.main.main) in a fresh process, N
times. The child watches, from before the client exists, for the lock screen's first
paint, prints one marker line and quits; the parent times spawn to that line. The loaded
run has another process spinning one core (`while True: pass`) throughout (issue 12: under
1 s with the machine loaded). The marker also names the heavy modules already imported,
which tests/test_startup_imports.py checks (no timing there).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import sections

RUNS = 15
MARKER = "CONTACTPOINT-LOCK-SCREEN-PAINTED"
# What the lock screen does not need, and loads on first use (the directory's first call,
# the first cache opened).
DEFERRED = ("httpx", "sqlcipher3", "keyring", "cryptography")
AIM_MS = 1000.0


# --- the child: the client itself -------------------------------------------------------


def _child(policy_file: str) -> int:
    # Imported before ui.main only to watch it: ui.main imports both anyway.
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.lock_screen import LockScreen

    app = QApplication(sys.argv[:1])  # open_client takes the existing instance

    class _FirstPaint(QObject):
        # The modules are read at the lock screen's first Show, which ClientApp.start
        # sends before the controller starts: its first directory health probe (a worker
        # thread) loads httpx, by design, at once after that.
        loaded: list[str] | None = None
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if isinstance(watched, LockScreen):
                if self.loaded is None and event.type() == QEvent.Type.Show:
                    self.loaded = [name for name in DEFERRED if name in sys.modules]
                elif not self.painted and event.type() == QEvent.Type.Paint:
                    self.painted = True
                    print(MARKER, json.dumps({"loaded": self.loaded}), flush=True)
                    QTimer.singleShot(0, QApplication.quit)
            return False

    watcher = _FirstPaint()
    app.installEventFilter(watcher)
    from ui.main import main

    return main(["--policy", policy_file])


# --- the parent ---------------------------------------------------------------------------


def prepare(folder: Path) -> tuple[Path, dict[str, str]]:
    """A machine to start on: its policy file, and the environment for the child."""
    from smartcard import TrainingCA, find_module, prepare_softhsm

    home = prepare_softhsm(folder / "softhsm", find_module())
    ca = TrainingCA.create(folder / "ca", "Startup")
    policy = folder / "policy.json"
    policy.write_text(
        json.dumps(
            {
                "training": True,
                "directory_url": "https://127.0.0.1:8443",
                "ca_file": str(ca.certificate_path),
                "pkcs11_module": str(home.module),
            }
        ),
        "utf-8",
    )
    user = folder / "user"
    env = {
        **home.environment(),
        "QT_QPA_PLATFORM": "offscreen",
        # The user's own settings and cache stay out of it.
        "HOME": str(user),
        "XDG_CONFIG_HOME": str(user / "config"),
        "XDG_DATA_HOME": str(user / "data"),
        "XDG_CACHE_HOME": str(user / "cache"),
    }
    return policy, env


def start_once(policy: Path, env: dict[str, str]) -> tuple[float, list[str]]:
    """Milliseconds from spawn to the lock screen painted, and which DEFERRED modules were
    loaded when it was shown."""
    spawned = time.perf_counter()
    with subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", "benchmarks.startup", "--child", str(policy)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        try:
            for line in child.stdout:
                if line.startswith(MARKER):
                    elapsed = (time.perf_counter() - spawned) * 1000
                    loaded: list[str] = json.loads(line[len(MARKER) :])["loaded"]
                    break
            else:
                raise RuntimeError(
                    f"the client ended before its lock screen: {child.stderr.read()}"
                )
            _, errors = child.communicate(timeout=60)
            if child.returncode != 0:
                raise RuntimeError(f"the client exited with {child.returncode}: {errors}")
        finally:
            if child.poll() is None:
                child.kill()
    return elapsed, loaded


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _series(policy: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    start_once(policy, env)  # warm the page cache once, as any second start finds it
    times = [start_once(policy, env)[0] for _ in range(runs)]
    return {
        "n": runs,
        "p50": statistics.median(times),
        "p90": _percentile(times, 0.9),
        "max": max(times),
    }


def run(folder: Path, runs: int = RUNS) -> dict[str, Any]:
    policy, env = prepare(folder)
    idle = _series(policy, env, runs)
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])  # noqa: S603
    try:
        loaded = _series(policy, env, runs)
    finally:
        spinner.kill()
        spinner.wait()
    return {"idle": idle, "loaded": loaded, "deferred": start_once(policy, env)[1]}


STARTUP_HEADING = "## Client start"


def table(result: dict[str, Any]) -> list[str]:
    from benchmarks.machine import describe

    def row(name: str, key: str) -> str:
        s = result[key]
        verdict = "yes" if s["p90"] < AIM_MS else "**no**"
        return (
            f"| {name} | {s['n']} | {s['p50']:.0f} | {s['p90']:.0f} | {s['max']:.0f} | {verdict} |"
        )

    loaded = ", ".join(result["deferred"]) or "none"
    return [
        STARTUP_HEADING,
        "",
        "Process start to the lock screen's first paint (`contactpoint --policy FILE`, "
        "offscreen, an empty SoftHSM token store), each run a fresh process after one "
        "warm-up start. Aim (issue 12): under 1 s with another process keeping one core "
        "busy.",
        "",
        *describe(None)[:3],
        "",
        "| machine | runs | p50 ms | p90 ms | max ms | p90 under 1 s |",
        "|---|---:|---:|---:|---:|---|",
        row("idle", "idle"),
        row("one core busy (`while True: pass`)", "loaded"),
        "",
        f"Of {', '.join(DEFERRED)}, loaded when the lock screen is shown: {loaded}.",
        "",
        f"Measured on {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
    ]


def replace_section(document: str, section: list[str]) -> str:
    """The document with its client-start section replaced (or added at the end)."""
    return sections.replace_section(document, STARTUP_HEADING, section)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        sys.exit(_child(sys.argv[2]))
    with tempfile.TemporaryDirectory(prefix="cp-bench-startup-") as folder:
        result = run(Path(folder))
    print("\n".join(table(result)))


if __name__ == "__main__":
    main()
