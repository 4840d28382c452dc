"""The worklists' items as the desktop and ui/ take them: sync's values, under the front
door (ui/ may not import sync, tests/test_layers.py)."""

from __future__ import annotations

from sync.worklist_models import (
    AccessEntry,
    Alert,
    Page,
    RequestKind,
    ShieldReasonItem,
    ShieldStatus,
    WorkRequest,
)

__all__ = [
    "AccessEntry",
    "Alert",
    "Page",
    "RequestKind",
    "ShieldReasonItem",
    "ShieldStatus",
    "WorkRequest",
]
