"""Describe the machine a benchmark ran on, so that figures can be compared honestly."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def describe(postgres_version: str | None) -> list[str]:
    return [
        f"- CPU: {_cpu_model()}, {os.cpu_count()} cores; memory {_memory_gib()}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"- PostgreSQL: {postgres_version or 'not measured'}",
    ]


def load_average() -> str:
    """The machine's 1-minute load average now: what else was running shows in the figures."""
    try:
        return f"{os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores"
    except OSError:
        return "unknown"
