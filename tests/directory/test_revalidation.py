"""POST /v1/children/cacheable: which cached records a client may still keep (issue 9).

Through the HTTP API on SQLite and PostgreSQL: an ID is confirmed only while the caller's
view of it is a cacheable standard view, and only for children the caller viewed within
the cache's longest lifetime; everything else (shielded since, archived, unknown, hidden,
malformed, never viewed) is simply absent, alike. Each call is audited and counts as a view.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from directory.schema import audit_log, child
from directory.usage_limits import UsageLimits
from tests.directory.builders import cp_id_for
from tests.directory.test_api import Directory, assert_error
from tests.directory.test_view_limits import Clock

PATH = "/v1/children/cacheable"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(engine: Engine, tmp_path: Path, clock: Clock) -> Iterator[Directory]:
    directory = Directory(engine, tmp_path, limits=UsageLimits(views_per_minute=100), clock=clock)
    with directory.client:
        yield directory


def shield(engine: Engine, cp_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(child)
            .where(child.c.cp_id == cp_id)
            .values(
                shielded_since=dt.date(2026, 6, 15),
                shielded_by="zz-shield-officer",
                shield_reason="domestic_violence",
                shield_review_date=dt.date(2026, 12, 15),
            )
        )


def archive(engine: Engine, cp_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(child).where(child.c.cp_id == cp_id).values(archived_on=dt.date(2026, 6, 1))
        )


def ask(api: Directory, auth: dict[str, str], cp_ids: list[Any]) -> list[str]:
    response = api.client.post(PATH, headers=auth, json={"cp_ids": cp_ids})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    kept: list[str] = response.json()["cacheable"]
    return kept


def test_a_child_shielded_or_archived_since_it_was_viewed_is_no_longer_cacheable(
    api: Directory, engine: Engine
) -> None:
    stays, shielded, archived = (api.world.add_child() for _ in range(3))
    auth = api.login("zz-practitioner")
    for cp_id in (stays, shielded, archived):
        assert api.client.get(f"/v1/children/{cp_id}", headers=auth).json()["cacheable"] is True
    assert ask(api, auth, [stays, shielded, archived]) == [stays, shielded, archived]
    shield(engine, shielded)
    archive(engine, archived)
    assert ask(api, auth, [stays, shielded, archived]) == [stays]


def test_unknown_hidden_malformed_and_never_viewed_ids_are_absent_alike(
    api: Directory,
) -> None:
    viewed = api.world.add_child()
    never_viewed = api.world.add_child()
    shielded = api.world.add_child(shielded=True)
    unknown = cp_id_for(999)
    auth = api.login("zz-practitioner")
    for cp_id in (viewed, shielded, unknown):
        api.client.get(f"/v1/children/{cp_id}", headers=auth)
    spaced = f"{viewed[:4]} {viewed[4:8]} {viewed[8:]}"
    kept = ask(
        api, auth, [spaced, never_viewed, shielded, unknown, "not an id", "123456789012", viewed]
    )
    assert kept == [viewed]  # normalised, once, and nothing else
    assert ask(api, auth, []) == []


def test_the_list_is_bounded_and_must_be_a_list_of_text(api: Directory) -> None:
    auth = api.login("zz-practitioner")
    assert ask(api, auth, ["123456789012"] * 500) == []
    assert_error(
        api.client.post(PATH, headers=auth, json={"cp_ids": ["1"] * 501}), 422, "invalid_body"
    )
    assert_error(api.client.post(PATH, headers=auth, json={"cp_ids": "x"}), 422, "invalid_body")
    assert_error(api.client.post(PATH, headers=auth, json={"cp_ids": [1]}), 422, "invalid_body")
    assert_error(api.client.post(PATH, json={"cp_ids": []}), 401, "authentication_failed")


def test_management_views_are_never_confirmed_and_helpdesk_is_refused(api: Directory) -> None:
    cp_id = api.world.add_child()
    manager = api.login("zz-manager")
    assert api.client.get(f"/v1/children/{cp_id}", headers=manager).json()["cacheable"] is False
    assert ask(api, manager, [cp_id]) == []
    helpdesk = api.login("zz-helpdesk")
    assert_error(
        api.client.post(PATH, headers=helpdesk, json={"cp_ids": [cp_id]}), 403, "not_allowed"
    )


def test_only_views_within_the_cache_lifetime_are_confirmed(api: Directory, clock: Clock) -> None:
    cp_id = api.world.add_child()
    auth = api.login("zz-practitioner")
    api.client.get(f"/v1/children/{cp_id}", headers=auth)
    clock.advance(hours=23)
    assert ask(api, api.login("zz-practitioner"), [cp_id]) == [cp_id]
    clock.advance(hours=2)
    assert ask(api, api.login("zz-practitioner"), [cp_id]) == []


def test_each_call_is_audited_with_what_it_returned(api: Directory, engine: Engine) -> None:
    kept, dropped = api.world.add_child(), api.world.add_child()
    auth = api.login("zz-practitioner")
    for cp_id in (kept, dropped):
        api.client.get(f"/v1/children/{cp_id}", headers=auth)
    shield(engine, dropped)
    ask(api, auth, [kept, dropped, "nonsense"])
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.detail).where(audit_log.c.action == "revalidate")
        ).all()
    assert [(actor, json.loads(detail)) for actor, detail in rows] == [
        ("user:zz-practitioner", {"asked": 3, "returned": [kept]})
    ]


def test_a_revalidation_counts_as_a_view(engine: Engine, tmp_path: Path, clock: Clock) -> None:
    api = Directory(engine, tmp_path, limits=UsageLimits(views_per_minute=2), clock=clock)
    with api.client:
        cp_id = api.world.add_child()
        auth = api.login("zz-practitioner")
        api.client.get(f"/v1/children/{cp_id}", headers=auth)
        assert ask(api, auth, [cp_id]) == [cp_id]
        assert_error(
            api.client.post(PATH, headers=auth, json={"cp_ids": [cp_id]}), 429, "rate_limited"
        )
        assert_error(api.client.get(f"/v1/children/{cp_id}", headers=auth), 429, "rate_limited")
