"""Which policy file this process runs on, for the diagnostics report's origins.

A process runs on one policy, chosen once at start (`contactpoint`, `--policy FILE`, or the
demo's training home), so the answer is the process's, set where the choice is made: the
windows that later make a report were handed only the policy itself.
"""

from __future__ import annotations

from pathlib import Path

_source: list[Path] = []


def note_policy_source(path: Path) -> None:
    _source[:] = [path]


def policy_source() -> Path | None:
    """The file noted at start; None where none was (a policy built in code: tests)."""
    return _source[0] if _source else None
