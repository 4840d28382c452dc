"""The workspace's poll: which worklists are asked for, when, and what is believed.

Pure Python, no Qt and no I/O: the driver (desktop.management.flow) feeds it the session's
start and end, the timer's ticks, the person's filter and refreshes and the directory's
answers, and executes the effects it returns. It holds the filter, the counts and, per
list, the fetch in flight; never a page (a page goes from the answer to Show and no
further).

Each fetch is asked under its own ticket; only an answer carrying the ticket of its list's
fetch in flight counts, so an answer from before a lock or a sign-out is late and ignored
(a dash below). "In flight" is per list: at most one fetch of a list is outstanding.

State    Event                               Effects
-------  ----------------------------------  ---------------------------------------------
STOPPED  Started(roles), some lists          -> RUNNING: Available(lists), Fetch(each list)
STOPPED  Started(roles), no list             -> RUNNING: Available(())  (nothing is polled)
STOPPED  FilterChanged(s), s new             the filter is kept for the next start
STOPPED  anything else                       -
RUNNING  Tick                                Fetch(each list not in flight)
RUNNING  Refresh                             Fetch(each list not in flight); a list in
                                             flight is fetched again when it answers
RUNNING  FilterChanged(s), s new, alerts     Fetch(alerts, s); if alerts is in flight, its
         worked                              answer (for the old filter) is dropped and
                                             alerts fetched again when it arrives
RUNNING  FilterChanged(s), s new, no alerts  the filter is kept (a shield officer's)
RUNNING  FilterChanged(s), s unchanged       -
RUNNING  Loaded(t, list, page)               Show(list, page), ShowCounts if a count
                                             changed; Fetch(list) if asked again meanwhile
RUNNING  Failed(t, list, why)                ShowProblem(list, why) the first time in a row
                                             only; Fetch(list) if asked again meanwhile
RUNNING  Stopped                             -> STOPPED: Clear (counts and fetches dropped)
RUNNING  Started                             -  (a Stopped always comes between sessions)
any      Loaded/Failed, another ticket       -  (late)

Counts (the tabs' titles), each from the last page of its list that was shown:
* alerts: the alerts not closed on the page (all of them under an open, acknowledged or
  escalated filter: the page's total). A page of closed alerts says nothing about the
  others, so under that filter the count stands as it was.
* contact and shield requests: the open requests on the page.
* reviews: the page's total (every shield on it wants the team).
The first page only: a team with more than a page of open work sees the page's count,
which is already more than it can do today.

Why these choices:
* One fetch per list in flight: a slow directory is never asked the same thing twice at
  once, and a tick that finds a list still loading simply lets it finish.
* A directory that stays away is said once, not at every tick; the window's directory
  status says the rest, and the next answer shows the list again.
* Stopped forgets everything (Clear): nothing about any child may stay on screen once the
  session is locked or over, and nothing arriving afterwards is shown.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from contract.codes import AlertStatus
from desktop.management.items import Alert, Page, WorkRequest
from desktop.management.lists import ListKey, lists_for
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


class PollState(enum.Enum):
    STOPPED = enum.auto()
    RUNNING = enum.auto()


@dataclass(slots=True)
class _List:
    """One worklist's fetch: the ticket in flight, and what to do when it answers."""

    in_flight: int | None = None
    believed: bool = True  # False: asked under a filter since changed, its answer dropped
    again: bool = False  # asked again while in flight: fetch once more when it answers
    failing: bool = False  # its last answer was a failure, already said


def count_of(key: ListKey, page: Page[Any], status: AlertStatus | None) -> int | None:
    """The tab's count from `page`, the first page of `key` (under the alerts `status`
    filter); None when that page says nothing about it (closed alerts)."""
    if key == "alerts":
        if status is AlertStatus.CLOSED:
            return None
        if status is not None:
            return page.total
        return sum(1 for a in page.items if isinstance(a, Alert) and a.status != "closed")
    if key in ("contact", "shield"):
        return sum(1 for r in page.items if isinstance(r, WorkRequest) and r.open)
    return page.total


class PollMachine:
    """The worklists of one session at a time. `handle` never raises."""

    def __init__(self) -> None:
        self._state = PollState.STOPPED
        self._filter: AlertStatus | None = None
        self._lists: dict[ListKey, _List] = {}
        self._counts: dict[str, int] = {}
        self._ticket = 0

    @property
    def state(self) -> PollState:
        return self._state

    @property
    def lists(self) -> tuple[ListKey, ...]:
        """The lists polled now, in tab order; empty when stopped."""
        return tuple(self._lists)

    @property
    def alert_filter(self) -> AlertStatus | None:
        return self._filter

    @property
    def counts(self) -> Mapping[str, int]:
        """The known counts, by list key."""
        return MappingProxyType(self._counts)

    def in_flight(self, key: ListKey) -> int | None:
        """The ticket of `key`'s fetch in flight, which its answer must carry; else None."""
        slot = self._lists.get(key)
        return None if slot is None else slot.in_flight

    def handle(self, event: PollEvent) -> PollTransition:
        match event:
            case Started(roles=roles) if self._state is PollState.STOPPED:
                return self._start(event, lists_for(roles))
            case FilterChanged(status=status):
                return self._filter_changed(event, status)
            case Stopped() if self._state is PollState.RUNNING:
                self._state = PollState.STOPPED
                self._lists, self._counts = {}, {}
                return PollTransition(event, (Clear(),))
            case _ if self._state is not PollState.RUNNING:
                return _ignored(event)
            case Tick():
                return self._fetch(event, self._idle_lists())
            case Refresh():
                for slot in self._lists.values():
                    if slot.in_flight is not None:
                        slot.again = True
                return self._fetch(event, self._idle_lists())
            case Loaded() | Failed():
                return self._answer(event)
        return _ignored(event)

    # --- the events ------------------------------------------------------------------------

    def _start(self, event: PollEvent, lists: tuple[ListKey, ...]) -> PollTransition:
        self._state = PollState.RUNNING
        self._lists = {key: _List() for key in lists}
        self._counts = {}
        fetched = self._fetch(event, lists)
        return PollTransition(event, (Available(lists), *fetched.effects))

    def _filter_changed(self, event: PollEvent, status: AlertStatus | None) -> PollTransition:
        status = None if status is None else AlertStatus(status)
        if status == self._filter:
            return _ignored(event)
        self._filter = status
        slot = self._lists.get("alerts")
        if self._state is not PollState.RUNNING or slot is None:
            return PollTransition(event)  # kept for the next start
        if slot.in_flight is not None:
            slot.believed, slot.again = False, True
            return PollTransition(event)
        return self._fetch(event, ("alerts",))

    def _answer(self, event: Loaded | Failed) -> PollTransition:
        slot = self._lists.get(event.list)
        if slot is None or slot.in_flight is None or event.ticket != slot.in_flight:
            return _ignored(event)  # late: an answer to an earlier fetch
        believed, again = slot.believed, slot.again
        slot.in_flight, slot.believed, slot.again = None, True, False
        effects: list[PollEffect] = []
        if believed and isinstance(event, Loaded):
            slot.failing = False
            effects.append(Show(event.list, event.page))
            effects.extend(self._recount(event.list, event.page))
        elif believed and isinstance(event, Failed):
            if not slot.failing:
                effects.append(ShowProblem(event.list, event.problem))
            slot.failing = True
        if again:
            effects.extend(self._fetch(event, (event.list,)).effects)
        return PollTransition(event, tuple(effects))

    # --- building blocks -------------------------------------------------------------------

    def _idle_lists(self) -> tuple[ListKey, ...]:
        return tuple(key for key, slot in self._lists.items() if slot.in_flight is None)

    def _fetch(self, event: PollEvent, keys: tuple[ListKey, ...]) -> PollTransition:
        effects: list[PollEffect] = []
        for key in keys:
            self._ticket += 1
            self._lists[key].in_flight = self._ticket
            status = self._filter if key == "alerts" else None
            effects.append(Fetch(key, self._ticket, status))
        return PollTransition(event, tuple(effects))

    def _recount(self, key: ListKey, page: Page[Any]) -> tuple[PollEffect, ...]:
        count = count_of(key, page, self._filter)
        if count is None or self._counts.get(key) == count:
            return ()
        self._counts[key] = count
        ordered: dict[str, int] = {k: self._counts[k] for k in self._lists if k in self._counts}
        return (ShowCounts(ordered),)


def _ignored(event: PollEvent) -> PollTransition:
    return PollTransition(event, accepted=False)
