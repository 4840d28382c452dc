"""What the poll's driver must do after an event; the Qt layer only executes these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contract.codes import AlertStatus
from desktop.management.items import Page
from desktop.management.lists import ListKey
from desktop.problems import Problem


@dataclass(frozen=True, slots=True)
class Fetch:
    """Ask for the first page of `list` under `ticket` (the alerts of `status` only)."""

    list: ListKey
    ticket: int
    status: AlertStatus | None = None


@dataclass(frozen=True, slots=True)
class Show:
    list: ListKey
    page: Page[Any]


@dataclass(frozen=True, slots=True)
class ShowProblem:
    list: ListKey
    problem: Problem


@dataclass(frozen=True, slots=True)
class ShowCounts:
    """The count on each tab, for the lists whose count is known (`PollMachine.counts`)."""

    counts: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Available:
    """The lists this user works, in tab order; empty: no workspace."""

    lists: tuple[ListKey, ...]


@dataclass(frozen=True, slots=True)
class Clear:
    """Forget everything shown, and drop every answer still to come."""


PollEffect = Fetch | Show | ShowProblem | ShowCounts | Available | Clear


@dataclass(frozen=True, slots=True)
class PollTransition:
    """What one event did. A late answer or an event with no meaning now comes back with
    `accepted` False and no effects, never as an exception."""

    event: Any
    effects: tuple[PollEffect, ...] = field(default=())
    accepted: bool = True
