"""What the client asks of the operating system (DESIGN.md 4, "No download or export").

    exclude_from_capture(window_id) -> CaptureProtection      # Windows, macOS; else UNSUPPORTED
    harden_process() -> HardeningReport                       # no core dumps, not dumpable

Neither raises: each returns what it could do, for the caller to log and for
`contactpoint --self-test` and the diagnostics view to show.
"""

from __future__ import annotations

from desktop.platform.capture import CaptureProtection, CaptureStatus, exclude_from_capture
from desktop.platform.hardening import HardeningReport, Measure, harden_process

__all__ = [
    "CaptureProtection",
    "CaptureStatus",
    "HardeningReport",
    "Measure",
    "exclude_from_capture",
    "harden_process",
]
