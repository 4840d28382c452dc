"""What can happen to an override. Events carry tickets and values, never a PIN or a record.

JustificationSubmitted only says that the dialog now holds a draft (with its PIN); the
driver keeps the draft and OverrideGranted only says the directory answered with the full
view, which the driver holds until the machine says whether to show it. So neither a PIN
nor a child's record can be logged, stored or replayed through the machine.

`ticket` is the number of the question being answered (`OverrideMachine.ticket` when it
was asked): an answer to an earlier question is late and is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.login import PinPrompt
from desktop.problems import Problem
from desktop.requests import JustificationRule, OverrideReason


@dataclass(frozen=True, slots=True)
class Start:
    """The person asked to override the shield of the record `cp_id`."""

    cp_id: str


@dataclass(frozen=True, slots=True)
class ReasonsLoaded:
    ticket: int
    reasons: tuple[OverrideReason, ...]
    rule: JustificationRule


@dataclass(frozen=True, slots=True)
class ReasonsUnavailable:
    ticket: int
    problem: Problem


@dataclass(frozen=True, slots=True)
class PinStateRead:
    ticket: int
    prompt: PinPrompt


@dataclass(frozen=True, slots=True)
class PinStateUnreadable:
    ticket: int
    problem: Problem


@dataclass(frozen=True, slots=True)
class JustificationSubmitted:
    ticket: int


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The person gave up on the question `ticket` (the dialog's Cancel, Escape)."""

    ticket: int


@dataclass(frozen=True, slots=True)
class OverrideGranted:
    """The directory sent the full view for the request `ticket`."""

    ticket: int


@dataclass(frozen=True, slots=True)
class OverrideRefused:
    """The card or the directory said no to the request `ticket`; `problem` says why."""

    ticket: int
    problem: Problem


@dataclass(frozen=True, slots=True)
class CardRemoved:
    pass


@dataclass(frozen=True, slots=True)
class SessionLocked:
    pass


@dataclass(frozen=True, slots=True)
class SignedOut:
    pass


Answer = (
    ReasonsLoaded
    | ReasonsUnavailable
    | PinStateRead
    | PinStateUnreadable
    | JustificationSubmitted
    | Cancelled
    | OverrideGranted
    | OverrideRefused
)
SessionEnded = CardRemoved | SessionLocked | SignedOut
Event = Start | Answer | SessionEnded
