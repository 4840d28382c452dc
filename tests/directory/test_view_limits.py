"""Per-user limits on record views and fishing alerts, through the HTTP API (issue 9 item 2).

Views (GET /v1/children/{cp_id}, override views, revalidations) are counted per user per
minute and per 24 hours from the audit log; past a limit the answer is 429 `rate_limited`,
audited, and the same whatever the ID asked for; past the daily limit one alert goes to the
management team of the user's authority (or their organisation's), with counts and no child.
On SQLite and PostgreSQL; the clock is the test's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from directory import Directory as Service
from directory.database import connect
from directory.errors import DirectoryError
from directory.schema import audit_log
from directory.team_schema import alert
from directory.usage_limits import UsageLimits
from directory.viewer import Role, Viewer
from tests.directory.builders import LA_NORTH, LA_SOUTH, World, cp_id_for
from tests.directory.pki import NOW, enrol
from tests.directory.test_api import Directory, assert_error

JUSTIFICATION = "The child is missing and police need the carers' address to search tonight."


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def served(engine: Engine, tmp_path: Path, clock: Clock, **limits: int) -> Directory:
    return Directory(engine, tmp_path, limits=UsageLimits(**limits), clock=clock)


def add_user(api: Directory, name: str, roles: str, local_authority: str | None = None) -> None:
    card = api.ca.issue(name=name)
    enrol(api.world.engine, api.ca, card, name=name, roles=roles, local_authority=local_authority)
    api.cards[name] = card


@pytest.fixture
def api(engine: Engine, tmp_path: Path, clock: Clock) -> Iterator[Directory]:
    directory = served(engine, tmp_path, clock, views_per_minute=3, views_per_day=1_000)
    with directory.client:
        yield directory


def refusals(engine: Engine, action: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.detail).where(audit_log.c.action == action).order_by(audit_log.c.seq)
        ).scalars()
        return [d for d in map(json.loads, rows) if d.get("refused") == "rate_limited"]


def answer(response: Any) -> tuple[int, str, str]:
    """Everything a refusal tells, but its correlation id."""
    body = response.json()
    return response.status_code, body["error"], body["message"]


def test_views_past_the_minute_limit_are_refused_429_audited_then_allowed_again(
    api: Directory, engine: Engine, clock: Clock
) -> None:
    cp_id = api.world.add_child()
    auth = api.login("zz-practitioner")
    for _ in range(3):
        assert api.client.get(f"/v1/children/{cp_id}", headers=auth).status_code == 200
    body = assert_error(api.client.get(f"/v1/children/{cp_id}", headers=auth), 429, "rate_limited")
    assert "wait a moment" in body["message"]
    assert refusals(engine, "child_view") == [{"cp_id": cp_id, "refused": "rate_limited"}]
    # Another user is not held back; the first may view again once the minute has passed.
    other = api.login("zz-override")
    assert api.client.get(f"/v1/children/{cp_id}", headers=other).status_code == 200
    clock.advance(seconds=61)
    assert api.client.get(f"/v1/children/{cp_id}", headers=auth).status_code == 200


def test_the_refusal_is_the_same_for_a_visible_a_shielded_an_archived_and_an_unknown_child(
    api: Directory,
) -> None:
    visible = api.world.add_child()
    shielded = api.world.add_child(shielded=True)
    archived = api.world.add_child(archived_on=dt.date(2026, 1, 1))
    unknown = cp_id_for(999)  # well formed, never issued
    auth = api.login("zz-practitioner")
    for cp_id in (visible, unknown, visible):
        api.client.get(f"/v1/children/{cp_id}", headers=auth)
    answers = {
        answer(api.client.get(f"/v1/children/{cp_id}", headers=auth))
        for cp_id in (visible, shielded, archived, unknown)
    }
    assert len(answers) == 1
    status, error, _ = answers.pop()
    assert (status, error) == (429, "rate_limited")


def test_unknown_ids_count_so_computed_ids_cannot_be_tried_without_limit(
    api: Directory,
) -> None:
    auth = api.login("zz-practitioner")
    known = api.world.add_child()
    ids = [cp_id_for(n) for n in (997, 998, 999)]  # computed, never issued
    for cp_id in ids:
        assert_error(api.client.get(f"/v1/children/{cp_id}", headers=auth), 404, "not_found")
    assert_error(api.client.get(f"/v1/children/{known}", headers=auth), 429, "rate_limited")


def test_override_views_count_and_are_refused_past_the_limit(
    api: Directory, engine: Engine
) -> None:
    shielded = api.world.add_child(shielded=True)
    auth = api.login("zz-override")
    for _ in range(2):
        assert api.client.get(f"/v1/children/{shielded}", headers=auth).status_code == 200
    assert api.override(auth, shielded, JUSTIFICATION).status_code == 200
    assert_error(api.override(auth, shielded, JUSTIFICATION), 429, "rate_limited")
    assert_error(api.client.get(f"/v1/children/{shielded}", headers=auth), 429, "rate_limited")
    assert [d["cp_id"] for d in refusals(engine, "override")] == [shielded]
    with engine.connect() as conn:  # the refused override raised no override alert
        assert conn.scalar(select(alert.c.kind).where(alert.c.kind == "override")) == "override"
        assert len(conn.execute(select(alert.c.id)).all()) == 1


def test_the_limits_hold_across_directory_hosts_under_concurrent_views(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    world = World(engine).setup()
    cp_id = world.add_child()
    viewer = Viewer("user:zz-busy", frozenset({Role.PRACTITIONER}), organisation_id=3)
    limits = UsageLimits(views_per_minute=5, views_per_day=1_000)
    # Two hosts: each its own engine (and pool) on the one database.
    engines = [connect(db_url), connect(db_url)]
    hosts = [Service(e, today=NOW.date, clock=lambda: NOW, limits=limits) for e in engines]

    def view(i: int) -> str:
        try:
            hosts[i % 2].view_child(viewer, cp_id, f"c{i}")
        except DirectoryError as exc:
            return exc.code
        return "ok"

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(view, range(24)))
    finally:
        for e in engines:
            e.dispose()
    assert outcomes.count("ok") == 5
    assert outcomes.count("rate_limited") == 19


def _alerts(api: Directory, manager: str) -> list[dict[str, Any]]:
    listed = api.client.get("/v1/alerts", headers=api.login(manager))
    assert listed.status_code == 200, listed.text
    return [a for a in listed.json()["alerts"] if a["kind"] == "fishing"]


def test_past_the_daily_limit_one_fishing_alert_reaches_the_users_authority_with_no_child(
    engine: Engine, tmp_path: Path, clock: Clock
) -> None:
    api = served(engine, tmp_path, clock, views_per_minute=100, views_per_day=4)
    add_user(api, "zz-manager-south", "management", LA_SOUTH)
    with api.client:
        children = [api.world.add_child(responsible_la=la) for la in (LA_NORTH, LA_SOUTH)] * 2
        auth = api.login("zz-practitioner")  # organisation 3, in LA_NORTH; no authority
        for cp_id in children:
            assert api.client.get(f"/v1/children/{cp_id}", headers=auth).status_code == 200
        clock.advance(minutes=1)
        for _ in range(3):  # every refusal past the limit; one alert
            body = assert_error(
                api.client.get(f"/v1/children/{children[0]}", headers=auth), 429, "rate_limited"
            )
        assert "24 hours" in body["message"]

        listed = api.client.get("/v1/alerts", headers=api.login("zz-manager"))
        fishing = [a for a in listed.json()["alerts"] if a["kind"] == "fishing"]
        assert len(fishing) == 1
        raised = fishing[0]
        assert raised["user_id"] == "user:zz-practitioner"
        assert raised["cp_id"] is None and raised["status"] == "open"
        assert raised["reference"].startswith("FSH-")
        assert raised["counts"] == {
            "views": 4,
            "views_per_day": 4,
            "window_hours": 24,
            "since": NOW.isoformat(),
        }
        assert raised["reason_label"]
        # No child in it: neither the children's IDs nor anything else of theirs.
        for cp_id in children:
            assert cp_id not in listed.text
        # The children's other authority hears nothing: the alert is about a user.
        assert _alerts(api, "zz-manager-south") == []
        # The team works it like any other alert.
        worked = api.client.patch(
            f"/v1/alerts/{raised['id']}",
            headers=api.login("zz-manager"),
            json={"status": "acknowledged"},
        )
        assert worked.status_code == 200 and worked.json()["counts"] == raised["counts"]

        # A day later the window has moved on: views again, and a second crossing is a
        # second alert.
        clock.advance(hours=24)
        auth = api.login("zz-practitioner")
        for cp_id in children:
            assert api.client.get(f"/v1/children/{cp_id}", headers=auth).status_code == 200
        assert_error(api.client.get(f"/v1/children/{cp_id}", headers=auth), 429, "rate_limited")
        assert len(_alerts(api, "zz-manager")) == 2

    with engine.connect() as conn:
        raised_rows = [
            json.loads(d)
            for d in conn.execute(
                select(audit_log.c.detail).where(audit_log.c.action == "fishing_alert")
            ).scalars()
        ]
    assert [r["local_authority"] for r in raised_rows] == [LA_NORTH, LA_NORTH]
    assert all(r["alert"].startswith("FSH-") for r in raised_rows)


def test_a_user_with_an_authority_of_their_own_alerts_that_authority(
    engine: Engine, tmp_path: Path, clock: Clock
) -> None:
    api = served(engine, tmp_path, clock, views_per_minute=100, views_per_day=2)
    add_user(api, "zz-manager-south", "management", LA_SOUTH)
    with api.client:
        cp_id = api.world.add_child(responsible_la=LA_NORTH)
        auth = api.login("zz-manager-south")
        for _ in range(2):
            api.client.get(f"/v1/children/{cp_id}", headers=auth)
        assert_error(api.client.get(f"/v1/children/{cp_id}", headers=auth), 429, "rate_limited")
        assert [a["user_id"] for a in _alerts(api, "zz-manager-south")] == ["user:zz-manager-south"]
        assert _alerts(api, "zz-manager") == []


def test_a_user_with_no_authority_and_no_organisation_is_refused_and_audited_unrouted(
    engine: Engine, tmp_path: Path, clock: Clock
) -> None:
    api = served(engine, tmp_path, clock, views_per_minute=100, views_per_day=1)
    add_user(api, "zz-nowhere", "practitioner")
    with api.client:
        cp_id = api.world.add_child()
        auth = api.login("zz-nowhere")
        api.client.get(f"/v1/children/{cp_id}", headers=auth)
        for _ in range(2):
            assert_error(api.client.get(f"/v1/children/{cp_id}", headers=auth), 429, "rate_limited")
    with engine.connect() as conn:
        assert conn.execute(select(alert.c.id)).all() == []
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.detail).where(
                audit_log.c.action == "fishing_alert"
            )
        ).all()
    assert [(actor, json.loads(d)["alert"]) for actor, d in rows] == [("user:zz-nowhere", None)]


def test_limits_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="views_per_day"):
        UsageLimits(views_per_day=0)
