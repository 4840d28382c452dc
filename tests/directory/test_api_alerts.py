"""The alert worklist over HTTP (DESIGN.md 3.6.1, issue 11): filtered by status, worked
open -> acknowledged -> escalated -> closed with an outcome and a note, each alert with its
age against the team's target and the child named by ContactPoint ID only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.directory.pki import NOW
from tests.directory.test_api import Directory
from tests.directory.test_api_roles import Clock


@pytest.fixture
def api(engine: Engine, tmp_path: Path) -> Iterator[tuple[Directory, Clock]]:
    clock = Clock()
    directory = Directory(engine, tmp_path, clock=clock)
    with directory.client:
        yield directory, clock


def test_an_override_alert_is_worked_to_its_close(api: tuple[Directory, Clock]) -> None:
    directory, clock = api
    cp_id = directory.world.add_child(family_name="Zzhidden", shielded=True)
    assert directory.override(directory.login("zz-override"), cp_id).status_code == 200
    clock.now = NOW + dt.timedelta(hours=5)
    team = directory.login("zz-manager")

    listed = directory.client.get("/v1/alerts", headers=team, params={"status": "open"})
    assert listed.status_code == 200 and listed.headers["cache-control"] == "no-store"
    [item] = listed.json()["alerts"]
    assert (item["cp_id"], item["status"], item["past_target"]) == (cp_id, "open", True)
    assert item["age_seconds"] == 5 * 3600 and "Zzhidden" not in listed.text
    assert (
        directory.client.get("/v1/alerts", headers=team, params={"status": "closed"}).json()[
            "alerts"
        ]
        == []
    )

    url = f"/v1/alerts/{item['id']}"
    for body in ({"status": "acknowledged"}, {"status": "escalated", "note": "To the LADO."}):
        moved = directory.client.patch(url, headers=team, json=body)
        assert moved.status_code == 200 and moved.json()["status"] == body["status"]
    no_outcome = directory.client.patch(url, headers=team, json={"status": "closed", "note": "x"})
    assert no_outcome.status_code == 422 and no_outcome.json()["error"] == "invalid_request"
    closed = directory.client.patch(
        url,
        headers=team,
        json={"status": "closed", "note": "Police confirmed the enquiry.", "outcome": "justified"},
    )
    assert closed.status_code == 200
    assert (closed.json()["outcome"], closed.json()["past_target"]) == ("justified", False)
    bad = directory.client.get("/v1/alerts", headers=team, params={"status": "lost"})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_body"
