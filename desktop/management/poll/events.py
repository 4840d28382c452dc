"""What can happen to the workspace's poll. Answers carry the ticket of the fetch they
answer (`PollMachine.ticket_of(list)` when it was asked): any other is late, and ignored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract.codes import AlertStatus
from desktop.management.items import Page
from desktop.management.lists import ListKey
from desktop.problems import Problem


@dataclass(frozen=True, slots=True)
class Started:
    """A session is active for a user with these roles (a sign-in, or an unlock)."""

    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    """The poll's interval has passed."""


@dataclass(frozen=True, slots=True)
class Refresh:
    """Something changed the lists (an action done, the Refresh button): ask again now."""


@dataclass(frozen=True, slots=True)
class FilterChanged:
    """The alerts tab shows alerts of this status only (None: all of them)."""

    status: AlertStatus | None


@dataclass(frozen=True, slots=True)
class Loaded:
    ticket: int
    list: ListKey
    page: Page[Any]


@dataclass(frozen=True, slots=True)
class Failed:
    ticket: int
    list: ListKey
    problem: Problem


@dataclass(frozen=True, slots=True)
class Stopped:
    """The session locked or ended (lock, sign-out, card removed): forget everything."""


PollEvent = Started | Tick | Refresh | FilterChanged | Loaded | Failed | Stopped
