"""The workspace's poll of its worklists: a headless machine (the table is in
`desktop.management.poll.machine`'s docstring), driven by desktop.management.flow."""

from __future__ import annotations

from desktop.management.poll.effects import (
    Available,
    Clear,
    Fetch,
    PollEffect,
    PollTransition,
    Show,
    ShowCounts,
    ShowProblem,
)
from desktop.management.poll.events import (
    Failed,
    FilterChanged,
    Loaded,
    PollEvent,
    Refresh,
    Started,
    Stopped,
    Tick,
)
from desktop.management.poll.machine import PollMachine, PollState, count_of

__all__ = [
    "Available",
    "Clear",
    "Failed",
    "Fetch",
    "FilterChanged",
    "Loaded",
    "PollEffect",
    "PollEvent",
    "PollMachine",
    "PollState",
    "PollTransition",
    "Refresh",
    "Show",
    "ShowCounts",
    "ShowProblem",
    "Started",
    "Stopped",
    "Tick",
    "count_of",
]
