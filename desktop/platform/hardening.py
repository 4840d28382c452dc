"""Process hardening at start-up: no core dumps, and on Linux no ptrace or /proc/PID/mem.

A core dump or a debugger attached by another process of the same user would show
everything the client holds in memory: records on screen, the session token, the cache
key. `harden_process()` is called once, before the first window opens.

* Unix: RLIMIT_CORE is set to (0, 0). The hard limit is lowered too, so nothing later in
  the process (or a child) can raise it again.
* Linux: prctl(PR_SET_DUMPABLE, 0) as well. It stops core dumps even when a core pattern
  pipes them to a helper (systemd-coredump, apport) that ignores RLIMIT_CORE, and makes
  /proc/PID/mem, /proc/PID/environ and ptrace by other processes of the same user fail.
* Windows: nothing here. Crash dumps are written by Windows Error Reporting, which the
  installer's machine policy configures (LocalDumps off for contactpoint.exe); a process
  cannot reliably opt itself out at run time.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from typing import Final

PR_GET_DUMPABLE: Final = 3  # <linux/prctl.h>
PR_SET_DUMPABLE: Final = 4


@dataclass(frozen=True, slots=True)
class Measure:
    """One hardening step: whether it is now in force, and what happened in a few words."""

    name: str
    applied: bool
    detail: str


@dataclass(frozen=True, slots=True)
class HardeningReport:
    measures: tuple[Measure, ...]

    @property
    def complete(self) -> bool:
        """True when every measure this platform offers is in force."""
        return all(m.applied for m in self.measures)

    def lines(self) -> list[str]:
        return [
            f"{'applied' if m.applied else 'FAILED '} {m.name}: {m.detail}" for m in self.measures
        ]


def harden_process() -> HardeningReport:
    """Apply every measure this platform offers; idempotent, never raises.

    A measure that fails is reported, not fatal: the client still runs (the caller logs the
    report), since refusing to start would only push people to less safe ways of working.
    """
    measures: list[Measure] = []
    if sys.platform != "win32":
        measures.append(_no_core_dumps())
    if sys.platform.startswith("linux"):
        measures.append(_not_dumpable())
    return HardeningReport(tuple(measures))


def _no_core_dumps() -> Measure:
    name = "core dumps off (RLIMIT_CORE 0)"
    try:
        import resource
    except ImportError:
        return Measure(name, False, "the resource module is not available")
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        limits = resource.getrlimit(resource.RLIMIT_CORE)
    except (OSError, ValueError) as exc:
        return Measure(name, False, f"setrlimit failed: {exc}")
    if limits != (0, 0):
        return Measure(name, False, f"the limit is still {limits}")
    return Measure(name, True, "soft and hard limits are 0")


def _not_dumpable() -> Measure:
    name = "not dumpable (prctl PR_SET_DUMPABLE 0)"
    try:
        # The running program's own symbols: libc is always linked into CPython on Linux.
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError) as exc:
        return Measure(name, False, f"prctl is not available: {exc}")
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        return Measure(name, False, f"prctl failed: {os.strerror(errno)} (errno {errno})")
    # PR_GET_DUMPABLE answers with the flag itself: read it back rather than trust the call.
    now = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)
    if now != 0:
        return Measure(name, False, f"the process is still dumpable ({now})")
    return Measure(name, True, "no core dump, ptrace or /proc/PID/mem for other processes")
