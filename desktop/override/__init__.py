"""The shield-override flow (issue 10): a headless state machine and the Qt driver for it.

    flow = OverrideFlow(controller)          # desktop.override.flow
    flow.justification_wanted.connect(show_dialog)    # and the other signals there
    flow.start(cp_id)

The transition table is in `desktop.override.machine`'s docstring.
"""

from __future__ import annotations

from desktop.override.effects import Effect
from desktop.override.events import (
    Cancelled,
    CardRemoved,
    Event,
    JustificationSubmitted,
    OverrideGranted,
    OverrideRefused,
    PinStateRead,
    PinStateUnreadable,
    ReasonsLoaded,
    ReasonsUnavailable,
    SessionLocked,
    SignedOut,
    Start,
)
from desktop.override.machine import OverrideMachine
from desktop.override.states import State
from desktop.override.transition import Transition

__all__ = [
    "Cancelled",
    "CardRemoved",
    "Effect",
    "Event",
    "JustificationSubmitted",
    "OverrideGranted",
    "OverrideMachine",
    "OverrideRefused",
    "PinStateRead",
    "PinStateUnreadable",
    "ReasonsLoaded",
    "ReasonsUnavailable",
    "SessionLocked",
    "SignedOut",
    "Start",
    "State",
    "Transition",
]
