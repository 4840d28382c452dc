"""`contactpoint --diagnostics`: the support report a helpdesk asks for first (issue 13).

    report = make_report(machine, effective, policy_path)   # never raises, never asks a PIN
    print(report.text())   /   print(report.as_json())

What is running (version, build, OS, Python, Qt), the effective policy with each value's
origin and lock, the PKCS#11 module with its readers and cards (label, serial, PIN flags,
certificate subject and expiry), the directory (reachable, TLS, chain and expiry,
/healthz and /readyz, clock skew), the cache from outside, screen-capture protection, and
the last correlation ids with their outcome. Never a child's name, date of birth, address
or ContactPoint ID, a PIN or a session token: nothing here reads them. A section that
cannot be read says why and the others go on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.diagnostics.about import about_section, capture_section
from desktop.diagnostics.report import Report, Section
from desktop.policy import MachinePolicy
from sync.recent import RECENT

if TYPE_CHECKING:
    from sync.cache import CacheStats


def recent_section() -> Section:
    latest = RECENT.latest()
    items = tuple(
        (r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), f"{r.correlation_id}  {r.outcome}")
        for r in latest
    )
    return Section("Last requests to the directory (newest first)", items or (("none", ""),))


def _guarded(title: str, make: Callable[[], Section]) -> Section:
    try:
        return make()
    except Exception as exc:  # a report reports everything, and goes on to the next part
        return Section(title, (("problem", f"{type(exc).__name__}: {exc}"),), ok=False)


def make_report(
    machine: MachinePolicy,
    effective: MachinePolicy,
    policy_path: Path | None,
    *,
    timeout: float = 5.0,
    cache_stats: CacheStats | None = None,
) -> Report:
    """`cache_stats`: the signed-in user's open cache (the Diagnostics window's), if any."""
    from desktop.diagnostics.cache_files import cache_section
    from desktop.diagnostics.cards import cards_section
    from desktop.diagnostics.directory_probe import directory_section
    from desktop.diagnostics.policy_origin import policy_section

    now = dt.datetime.now(dt.UTC)
    sections = (
        _guarded("ContactPoint", about_section),
        _guarded("Machine policy", lambda: policy_section(machine, effective, policy_path)),
        _guarded("Card readers and cards", lambda: cards_section(effective, now)),
        _guarded("Directory", lambda: directory_section(effective, now, timeout)),
        _guarded("Cache", lambda: cache_section(effective, now, cache_stats)),
        _guarded("Screen-capture protection", lambda: capture_section(effective)),
        # Last: the directory probes above are among them.
        recent_section(),
    )
    return Report(sections, now)


__all__ = ["Report", "Section", "make_report"]
