"""The desktop client against the served training directory, with real SoftHSM tokens.

    python -m benchmarks --only desktop        # this section of BENCHMARKS.md alone

The parent prepares a training home, serves it (the real `training serve`, TLS, two
workers) and starts the client in a child process of its own, because SoftHSM reads its
configuration once per process. The child drives the real windows offscreen and measures:
process start to the login window, PIN submitted to the main window ready, search
submitted to results shown, record opened, card pulled to locked, and the longest stall of
the event loop while all that happened (a 5 ms timer that notes how late it fires).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROUNDS = 30
LOCKS = 5
TICK_MS = 5


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": _percentile(values, 0.95),
        "max": max(values),
    }


# --- the child: the client itself ---------------------------------------------------------


def _child(manifest_file: Path, spawned: float) -> dict[str, Any]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QLineEdit

    from benchmarks.child_client import client_in_this_process

    app, manifest, reader, client = client_in_this_process(manifest_file)

    stalls: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        stalls.append(max(0.0, now - last[0] - TICK_MS))
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(tick)

    def wait(done: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("the client did not get there in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        app.processEvents()  # and painted

    client.start()
    wait(client.lock_screen.isVisible)
    to_login_window = (time.time() - spawned) * 1000
    ticker.start()
    last[0] = clock.elapsed()

    teacher = next(u for u in manifest["users"] if u["token_label"] == "teacher")  # noqa: S105

    def sign_in() -> float:
        reader.insert("teacher")
        wait(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible())
        dialog = client.pin_dialog
        assert dialog is not None and dialog.pin_field is not None
        dialog.pin_field.setText(teacher["pin"])
        started = time.perf_counter()
        dialog.submit_button.click()
        wait(lambda: client.window is not None and client.window.isVisible())
        return (time.perf_counter() - started) * 1000

    pin_to_main = [sign_in()]
    window = client.window
    assert window is not None
    children = [
        c
        for name, c in manifest["scenarios"].items()
        if name in ("ordinary", "sensitive", "left_england", "shielded")
    ]
    searches: list[float] = []
    opens: list[float] = []
    for round_ in range(ROUNDS):
        child = children[round_ % len(children)]
        window.search_form.clear()
        window.results.clear()
        for name in ("family_name", "date_of_birth"):
            edit = window.search_form.findChild(QLineEdit, name)
            assert edit is not None
            edit.setText(child[name])
        started = time.perf_counter()
        window.search_form.submit()
        wait(lambda: bool(window.results.rows) and window.results.table.isEnabled())
        searches.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        client.open_record(child["cp_id"])
        wait(lambda c=child: window.open_cp_id == c["cp_id"])
        opens.append((time.perf_counter() - started) * 1000)
        window.close_record()
    locks: list[float] = []
    for _ in range(LOCKS):
        started = time.perf_counter()
        reader.remove()
        wait(lambda: not window.isVisible() and client.lock_screen.isVisible())
        locks.append((time.perf_counter() - started) * 1000)
        pin_to_main.append(sign_in())
    ticker.stop()
    client.stop()
    return {
        "to_login_window_ms": to_login_window,
        "pin_to_main_ms": _summary(pin_to_main),
        "search_ms": _summary(searches),
        "open_ms": _summary(opens),
        "lock_ms": _summary(locks),
        "stall_ms": {"max": max(stalls), "p99": _percentile(stalls, 0.99), "ticks": len(stalls)},
    }


# --- the parent: the served home and the child --------------------------------------------


def run(folder: Path, children: int = 8000) -> dict[str, Any]:
    from benchmarks.child_client import run_child
    from benchmarks.training_server import served_home

    with served_home(folder, children) as (manifest_file, manifest):
        spawned = time.time()
        arguments = (str(manifest_file), str(spawned))
        result = run_child(manifest, "benchmarks.desktop_client", *arguments)
    result["children"] = children
    return result


def table(result: dict[str, Any]) -> list[str]:
    def row(name: str, key: str, aim: str) -> str:
        s = result[key]
        return f"| {name} | {s['n']} | {s['p50']:.0f} | {s['p95']:.0f} | {s['max']:.0f} | {aim} |"

    stall = result["stall_ms"]
    return [
        "## Desktop client",
        "",
        f"The real client offscreen, SoftHSM tokens, the training directory "
        f"({result['children']:,} children, SQLite, TLS, 2 workers) on the same machine.",
        "",
        "| step | n | p50 ms | p95 ms | max ms | aim |",
        "|---|---:|---:|---:|---:|---|",
        f"| process start to login window | 1 | {result['to_login_window_ms']:.0f} | | | "
        "under 1,000 ms |",
        row("PIN submitted to main window ready", "pin_to_main_ms", "under 1,000 ms"),
        row("search submitted to results shown", "search_ms", "under 200 ms"),
        row("record opened (request to view drawn)", "open_ms", ""),
        row("card pulled to locked (0.5 s polling)", "lock_ms", "within 1 s"),
        "",
        f"Longest event-loop stall over the whole run: {stall['max']:.0f} ms "
        f"(p99 {stall['p99']:.1f} ms over {stall['ticks']:,} ticks of {TICK_MS} ms); aim: "
        "none over 50 ms.",
        "",
    ]


if __name__ == "__main__":
    print(json.dumps(_child(Path(sys.argv[1]), float(sys.argv[2]))))
