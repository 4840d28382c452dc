"""The workspace's poll machine, headless: an expected table, scenarios, invariants.

The table is written out by hand, row by row, to be read against the table in
`desktop.management.poll.machine`'s docstring rather than derived from it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.codes import AlertStatus
from desktop.management.lists import WORKLISTS, ListKey, lists_for
from desktop.management.poll import (
    Available,
    Clear,
    Failed,
    Fetch,
    FilterChanged,
    Loaded,
    PollEffect,
    PollEvent,
    PollMachine,
    PollState,
    Refresh,
    Show,
    ShowCounts,
    ShowProblem,
    Started,
    Stopped,
    Tick,
    count_of,
)
from tests.desktop.management.values import REFUSALS, alert, page, request, shield

TEAM = ("management",)
OFFICER = ("shield_officer",)
PRACTITIONER = ("practitioner",)
DOWN = REFUSALS["unreachable"]
PAGES: dict[ListKey, Any] = {
    "alerts": page(alert(1), alert(2, AlertStatus.CLOSED)),
    "contact": page(request("contact", 1), request("contact", 2, "brokered")),
    "shield": page(request("shield", 1)),
    "reviews": page(shield(), total=3),
}

Make = Callable[[PollMachine], PollEvent]


def answer(key: ListKey, fail: bool = False, late: bool = False) -> Make:
    def make(m: PollMachine) -> PollEvent:
        ticket = m.in_flight(key)
        ticket = -1 if ticket is None else ticket - (1000 if late else 0)
        return Failed(ticket, key, DOWN) if fail else Loaded(ticket, key, PAGES[key])

    return make


EVENTS: dict[str, Make] = {
    "Started(team)": lambda _m: Started(TEAM),
    "Started(officer)": lambda _m: Started(OFFICER),
    "Started(practitioner)": lambda _m: Started(PRACTITIONER),
    "Tick": lambda _m: Tick(),
    "Refresh": lambda _m: Refresh(),
    "FilterChanged(open)": lambda _m: FilterChanged(AlertStatus.OPEN),
    "FilterChanged(None)": lambda _m: FilterChanged(None),
    "Loaded(alerts)": answer("alerts"),
    "late Loaded(alerts)": answer("alerts", late=True),
    "Failed(alerts)": answer("alerts", fail=True),
    "Loaded(reviews)": answer("reviews"),
    "Stopped": lambda _m: Stopped(),
}
SETUPS: dict[str, tuple[Make, ...]] = {
    "STOPPED": (),
    "RUNNING team, all in flight": (EVENTS["Started(team)"],),
    "RUNNING team, idle": (
        EVENTS["Started(team)"],
        *(answer(key) for key in WORKLISTS),
    ),
    "RUNNING practitioner": (EVENTS["Started(practitioner)"],),
}
ALL = "alerts,contact,shield,reviews"
FETCH_ALL = ("Fetch(alerts)", "Fetch(contact)", "Fetch(shield)", "Fetch(reviews)")
IGNORED = None  # not accepted, nothing done

# (situation, event) -> the effects, or IGNORED; every pair not listed is IGNORED.
EXPECTED: dict[tuple[str, str], tuple[str, ...] | None] = {
    ("STOPPED", "Started(team)"): (f"Available({ALL})", *FETCH_ALL),
    ("STOPPED", "Started(officer)"): (
        "Available(shield,reviews)",
        "Fetch(shield)",
        "Fetch(reviews)",
    ),
    ("STOPPED", "Started(practitioner)"): ("Available()",),
    ("STOPPED", "FilterChanged(open)"): (),  # kept for the next start
    ("RUNNING team, all in flight", "Tick"): (),  # every list still loading
    ("RUNNING team, all in flight", "Refresh"): (),  # each fetched again when it answers
    ("RUNNING team, all in flight", "FilterChanged(open)"): (),  # alerts again when back
    ("RUNNING team, all in flight", "Loaded(alerts)"): ("Show(alerts)", "ShowCounts(alerts=1)"),
    ("RUNNING team, all in flight", "Failed(alerts)"): ("ShowProblem(alerts)",),
    ("RUNNING team, all in flight", "Loaded(reviews)"): ("Show(reviews)", "ShowCounts(reviews=3)"),
    ("RUNNING team, all in flight", "Stopped"): ("Clear",),
    ("RUNNING team, idle", "Tick"): FETCH_ALL,
    ("RUNNING team, idle", "Refresh"): FETCH_ALL,
    ("RUNNING team, idle", "FilterChanged(open)"): ("Fetch(alerts, open)",),
    ("RUNNING team, idle", "Stopped"): ("Clear",),
    ("RUNNING practitioner", "Tick"): (),
    ("RUNNING practitioner", "Refresh"): (),
    ("RUNNING practitioner", "FilterChanged(open)"): (),  # no alerts list: nothing to fetch
    ("RUNNING practitioner", "Stopped"): ("Clear",),
}


def describe(effect: PollEffect) -> str:
    match effect:
        case Fetch(list=key, status=None):
            return f"Fetch({key})"
        case Fetch(list=key, status=status):
            return f"Fetch({key}, {status})"
        case Show(list=key) | ShowProblem(list=key):
            return f"{type(effect).__name__}({key})"
        case ShowCounts(counts=counts):
            return "ShowCounts(" + ",".join(f"{k}={v}" for k, v in counts.items()) + ")"
        case Available(lists=lists):
            return f"Available({','.join(lists)})"
        case Clear():
            return "Clear"
    raise AssertionError(effect)


def machine_in(situation: str) -> PollMachine:
    m = PollMachine()
    for make in SETUPS[situation]:
        assert m.handle(make(m)).accepted, situation
    return m


@pytest.mark.parametrize("situation", list(SETUPS))
@pytest.mark.parametrize("event", list(EVENTS))
def test_every_event_in_every_situation(situation: str, event: str) -> None:
    m = machine_in(situation)
    transition = m.handle(EVENTS[event](m))
    expected = EXPECTED.get((situation, event), IGNORED)
    if expected is IGNORED:
        assert not transition.accepted and transition.effects == ()
    else:
        assert transition.accepted
        assert tuple(describe(e) for e in transition.effects) == expected


def test_the_expected_table_names_only_known_situations_and_events() -> None:
    for situation, event in EXPECTED:
        assert situation in SETUPS and event in EVENTS


def test_which_lists_each_role_works() -> None:
    assert lists_for(TEAM) == WORKLISTS
    assert lists_for(OFFICER) == ("shield", "reviews")
    assert lists_for(("shield_officer", "management")) == WORKLISTS
    for roles in (PRACTITIONER, ("practitioner", "override"), ("helpdesk",), ()):
        assert lists_for(roles) == ()


# --- scenarios -------------------------------------------------------------------------------


def fetches(effects: tuple[PollEffect, ...]) -> list[Fetch]:
    return [e for e in effects if isinstance(e, Fetch)]


def test_a_refresh_while_a_list_loads_shows_that_answer_then_asks_again() -> None:
    m = machine_in("RUNNING team, all in flight")
    m.handle(Refresh())
    effects = m.handle(answer("contact")(m)).effects
    assert [describe(e) for e in effects] == [
        "Show(contact)",
        "ShowCounts(contact=1)",
        "Fetch(contact)",
    ]
    assert m.in_flight("contact") == fetches(effects)[0].ticket


def test_an_answer_for_the_old_filter_is_dropped_and_alerts_asked_again() -> None:
    m = machine_in("RUNNING team, all in flight")
    m.handle(FilterChanged(AlertStatus.ESCALATED))
    effects = m.handle(answer("alerts")(m)).effects
    assert [describe(e) for e in effects] == ["Fetch(alerts, escalated)"]
    escalated = page(alert(3, AlertStatus.ESCALATED), total=7)
    shown = m.handle(Loaded(fetches(effects)[0].ticket, "alerts", escalated)).effects
    assert shown == (Show("alerts", escalated), ShowCounts({"alerts": 7}))


def test_a_filter_set_while_stopped_is_used_at_the_start() -> None:
    m = PollMachine()
    m.handle(FilterChanged(AlertStatus.OPEN))
    (alerts, *_) = fetches(m.handle(Started(TEAM)).effects)
    assert (alerts.list, alerts.status) == ("alerts", AlertStatus.OPEN)


def test_counts_come_from_the_pages_shown() -> None:
    m = machine_in("RUNNING team, idle")
    assert dict(m.counts) == {"alerts": 1, "contact": 1, "shield": 1, "reviews": 3}
    # Closed alerts say nothing about the others: the count stands.
    (fetch,) = fetches(m.handle(FilterChanged(AlertStatus.CLOSED)).effects)
    closed = page(alert(5, AlertStatus.CLOSED), alert(6, AlertStatus.CLOSED))
    assert m.handle(Loaded(fetch.ticket, "alerts", closed)).effects == (Show("alerts", closed),)
    assert m.counts["alerts"] == 1
    # Acknowledged alerts are not closed: all of them count, on every page.
    (fetch,) = fetches(m.handle(FilterChanged(AlertStatus.ACKNOWLEDGED)).effects)
    acknowledged = page(alert(7, AlertStatus.ACKNOWLEDGED), total=12)
    m.handle(Loaded(fetch.ticket, "alerts", acknowledged))
    assert m.counts["alerts"] == 12


def test_count_of_each_list() -> None:
    mixed = page(alert(1), alert(2, AlertStatus.ESCALATED), alert(3, AlertStatus.CLOSED), total=9)
    assert count_of("alerts", mixed, None) == 2
    assert count_of("alerts", mixed, AlertStatus.OPEN) == 9
    assert count_of("alerts", mixed, AlertStatus.CLOSED) is None
    decided = page(request("shield", 1), request("shield", 2, "granted"), request("shield", 3))
    assert count_of("shield", decided, None) == 2
    assert count_of("reviews", page(shield(), total=4), None) == 4


def test_a_directory_that_stays_away_is_said_once() -> None:
    m = machine_in("RUNNING team, all in flight")
    assert [describe(e) for e in m.handle(answer("alerts", fail=True)(m)).effects] == [
        "ShowProblem(alerts)"
    ]
    m.handle(Tick())
    assert m.handle(answer("alerts", fail=True)(m)).effects == ()  # said already
    m.handle(Tick())
    m.handle(answer("alerts")(m))  # back
    m.handle(Tick())
    assert [describe(e) for e in m.handle(answer("alerts", fail=True)(m)).effects] == [
        "ShowProblem(alerts)"
    ]


def test_an_answer_from_before_a_lock_is_late_after_the_unlock() -> None:
    m = machine_in("RUNNING team, all in flight")
    before = answer("alerts")(m)
    m.handle(Stopped())
    m.handle(Started(TEAM))
    transition = m.handle(before)
    assert not transition.accepted and transition.effects == ()
    assert m.counts == {}


# --- invariants, over random sequences --------------------------------------------------------

STEP = st.sampled_from(
    [
        *EVENTS,
        "Loaded(contact)",
        "Failed(reviews)",
        "Loaded(shield)",
        "FilterChanged(closed)",
        "FilterChanged(acknowledged)",
        "late Loaded(reviews)",
    ]
)
MORE: dict[str, Make] = {
    "Loaded(contact)": answer("contact"),
    "Failed(reviews)": answer("reviews", fail=True),
    "Loaded(shield)": answer("shield"),
    "FilterChanged(closed)": lambda _m: FilterChanged(AlertStatus.CLOSED),
    "FilterChanged(acknowledged)": lambda _m: FilterChanged(AlertStatus.ACKNOWLEDGED),
    "late Loaded(reviews)": answer("reviews", late=True),
}


@settings(max_examples=300, deadline=None)
@given(st.lists(STEP, max_size=40))
def test_invariants_over_random_sequences(names: list[str]) -> None:
    m = PollMachine()
    outstanding: dict[str, int] = {}  # list -> the fetch in flight, by the effects alone
    counts: dict[str, int] = {}  # from the pages shown, under the filter of the moment
    for name in names:
        event = {**EVENTS, **MORE}[name](m)
        was_stopped = m.state is PollState.STOPPED
        transition = m.handle(event)
        if was_stopped:
            # Nothing fetched or shown while stopped but a start.
            assert all(isinstance(e, Available | Fetch) for e in transition.effects)
        if transition.accepted and isinstance(event, Loaded | Failed):
            assert outstanding.pop(event.list) == event.ticket
        for effect in transition.effects:
            match effect:
                case Fetch(list=key, ticket=ticket):
                    assert key not in outstanding, "two fetches of one list in flight"
                    outstanding[key] = ticket
                case Show(list=key, page=shown):
                    assert isinstance(event, Loaded) and shown is event.page
                    count = count_of(key, shown, m.alert_filter)
                    if count is not None:
                        counts[key] = count
                case ShowCounts(counts=said):
                    assert dict(said) == counts
                case Clear():
                    outstanding.clear()
                    counts.clear()
        assert dict(m.counts) == counts
        for key in WORKLISTS:
            assert m.in_flight(key) == outstanding.get(key)
        if m.state is PollState.STOPPED:
            assert m.counts == {} and m.lists == ()


def test_the_machines_import_no_qt_and_do_no_io() -> None:
    root = Path(__file__).resolve().parents[3] / "desktop" / "management"
    for folder in ("poll", "action"):
        for path in (root / folder).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                for name in names:
                    assert not name.startswith(("PySide6", "sync", "httpx", "smartcard")), (
                        path,
                        name,
                    )
