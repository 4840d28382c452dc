"""Opaque handles over the wire (issue 9, items 1 and 6), on SQLite and PostgreSQL.

Involvements and alerts are named by random handles: well-formed, unique and in no order,
so that neighbouring records show no gap where a hidden involvement is. A handle that is
malformed, unknown, of another child, of another authority or of an involvement the caller
cannot see gets one answer, 404, whatever the body: in particular ceasing one's own
organisation's involvement on a shielded child no longer answers 422 for a date before it
started (which confirmed the involvement and, by bisection, its start date).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from directory.handles import new_handle
from directory.schema import involvement
from tests.directory.builders import LA_SOUTH
from tests.directory.pki import enrol
from tests.directory.test_api import Directory

HANDLE = re.compile(r"[A-Za-z0-9_-]{22}")
# Not handles, each safe in one path segment: the same 404 as an unknown handle.
MALFORMED = ("1", "0", "-1", "99999999999999999999999", "abc", "A" * 21, "A" * 23, "A" * 400)
MALFORMED += ("é" * 22, "!" * 22, "%20")
WORK = {"practitioner_role": "school nurse", "phone": "0113 496 0999", "start_date": "2026-05-01"}
# The builder's involvement started on 2024-01-01; today is 2026-06-15.
CEASE_BODIES: tuple[Any, ...] = (
    {"ceased_date": "2023-12-31"},  # before it started: was a 422 for a hidden involvement
    {"ceased_date": "2024-01-01"},
    {"ceased_date": "2026-06-15"},
)
# Bodies refused whatever the involvement: the same refusal for a hidden one as an unknown.
BAD_BODIES: tuple[Any, ...] = (
    {"ceased_date": "2026-06-16"},  # the future
    {"ceased_date": "not a date"},
    {},
    {"ceased_date": "2026-06-01", "extra": 1},
)


@pytest.fixture
def api(engine: Engine, tmp_path: Path) -> Iterator[Directory]:
    directory = Directory(engine, tmp_path)
    for name, roles, la, org in (
        ("zz-clinic", "practitioner", None, 4),  # the sensitive service
        ("zz-manager-south", "management", LA_SOUTH, None),
    ):
        card = directory.ca.issue(name=name)
        enrol(
            engine,
            directory.ca,
            card,
            name=name,
            roles=roles,
            local_authority=la,
            organisation_id=org,
        )
        directory.cards[name] = card
    with directory.client:
        yield directory


def answer(response: httpx.Response) -> tuple[int, dict[str, Any]]:
    """Everything a caller sees, less the correlation id (new for every request)."""
    body = response.json()
    assert body.pop("correlation_id") == response.headers["x-correlation-id"]
    return response.status_code, body


def cease(api: Directory, auth: dict[str, str], cp_id: str, item: str, body: Any) -> httpx.Response:
    return api.client.patch(f"/v1/children/{cp_id}/involvements/{item}", headers=auth, json=body)


def view(api: Directory, auth: dict[str, str], cp_id: str) -> dict[str, Any]:
    response = api.client.get(f"/v1/children/{cp_id}", headers=auth)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def override(api: Directory, auth: dict[str, str], cp_id: str) -> None:
    response = api.override(auth, cp_id)
    assert response.status_code == 200, response.text


def test_involvement_ids_are_random_unique_unordered_handles(api: Directory) -> None:
    auth = api.login("zz-practitioner")
    children = [api.world.add_child(given_name=f"Zz{i}") for i in range(4)]
    added = []
    for cp_id in children:
        for _ in range(3):
            response = api.client.post(
                f"/v1/children/{cp_id}/involvements", headers=auth, json=WORK
            )
            assert response.status_code == 201, response.text
            added.append(response.json()["id"])
    shown = [item["id"] for cp_id in children for item in view(api, auth, cp_id)["involvements"]]

    assert all(isinstance(i, str) and HANDLE.fullmatch(i) for i in shown)
    assert set(added) < set(shown) and len(set(shown)) == len(shown) == 16
    # In the order they were made, sixteen random handles are sorted once in 16! times.
    assert sorted(added) != added and sorted(shown) != shown
    with api.world.engine.connect() as conn:
        row_ids = dict(conn.execute(select(involvement.c.handle, involvement.c.id)).tuples().all())
    assert {str(row_ids[i]) for i in shown}.isdisjoint(shown)  # never the row id


def test_neighbouring_views_show_no_arithmetic_relation(api: Directory) -> None:
    auth = api.login("zz-practitioner")
    # B has a sensitive involvement the practitioner may not see, made between A's and C's.
    a, b, c = (
        api.world.add_child(given_name=n, sensitive=n == "Zzb") for n in ("Zza", "Zzb", "Zzc")
    )
    views = [view(api, auth, cp_id) for cp_id in (a, b, c)]

    bodies = [int(v["cp_id"][:11]) for v in views]
    assert bodies[1] - bodies[0] != bodies[2] - bodies[1]
    handles = [item["id"] for v in views for item in v["involvements"]]
    assert [len(v["involvements"]) for v in views] == [1, 1, 1]  # no trace of B's other one
    assert all(HANDLE.fullmatch(h) and not h.isdigit() for h in handles)


def test_malformed_unknown_foreign_and_hidden_involvements_answer_alike(api: Directory) -> None:
    practitioner = api.login("zz-practitioner")
    manager = api.login("zz-manager")
    plain = api.world.add_child(given_name="Zzplain", sensitive=True)
    other = api.world.add_child(given_name="Zzother")
    shielded = api.world.add_child(given_name="Zzshielded", shielded=True)
    # The management team sees every involvement: the handles the practitioner must not use.
    (mine_on_shielded,) = view(api, manager, shielded)["involvements"]
    assert mine_on_shielded["organisation"]["id"] == 3  # the practitioner's own organisation
    (sensitive,) = [i for i in view(api, manager, plain)["involvements"] if i["sensitive_category"]]
    (mine_on_other,) = view(api, practitioner, other)["involvements"]
    assert [i["id"] for i in view(api, practitioner, plain)["involvements"]] != [sensitive["id"]]

    for body in CEASE_BODIES + BAD_BODIES:
        unknown = answer(cease(api, practitioner, plain, new_handle(), body))
        assert unknown[0] == (404 if body in CEASE_BODIES else 422), (body, unknown)
        attempts = {
            "own organisation's, on a shielded child": (shielded, mine_on_shielded["id"]),
            "another service's sensitive one": (plain, sensitive["id"]),
            "another child's, through this one": (plain, mine_on_other["id"]),
            **{f"malformed {m[:8]!r}": (plain, m) for m in MALFORMED},
        }
        for what, (cp_id, item) in attempts.items():
            assert answer(cease(api, practitioner, cp_id, item, body)) == unknown, (what, body)

    # Nothing was ceased, and the management team still sees the hidden involvement open.
    assert view(api, manager, shielded)["involvements"][0].get("ceased_date") is None
    assert all(i.get("ceased_date") is None for i in view(api, manager, plain)["involvements"])


def test_an_involvement_the_caller_sees_is_ceased_by_its_handle(api: Directory) -> None:
    practitioner, clinic = api.login("zz-practitioner"), api.login("zz-clinic")
    cp_id = api.world.add_child(sensitive=True)
    (own,) = view(api, practitioner, cp_id)["involvements"]
    (theirs,) = [i for i in view(api, clinic, cp_id)["involvements"] if i["sensitive_category"]]

    before = cease(api, practitioner, cp_id, own["id"], {"ceased_date": "2023-12-31"})
    ceased = cease(api, practitioner, cp_id, own["id"], {"ceased_date": "2026-06-01"})
    again = cease(api, practitioner, cp_id, own["id"], {"ceased_date": "2026-06-01"})
    # The sensitive service sees its own sensitive involvement, so it may cease it.
    sensitive = cease(api, clinic, cp_id, theirs["id"], {"ceased_date": "2026-06-01"})

    assert answer(before)[0] == 422 and "before" in before.json()["message"]
    assert ceased.status_code == 200 and ceased.json() == {
        "id": own["id"],
        "ceased_date": "2026-06-01",
    }
    assert answer(again)[1]["error"] == "conflict"
    assert sensitive.status_code == 200 and sensitive.json()["id"] == theirs["id"]
    assert view(api, practitioner, cp_id)["involvements"][0]["ceased_date"] == "2026-06-01"


def test_alerts_are_handles_and_another_authoritys_answers_as_unknown(api: Directory) -> None:
    overrider = api.login("zz-override")
    north, south = api.login("zz-manager"), api.login("zz-manager-south")
    for i in range(3):
        override(api, overrider, api.world.add_child(given_name=f"Zzn{i}", shielded=True))
    override(
        api,
        overrider,
        api.world.add_child(given_name="Zzs", shielded=True, responsible_la=LA_SOUTH),
    )
    listed = api.client.get("/v1/alerts", headers=north).json()["alerts"]
    (southern,) = api.client.get("/v1/alerts", headers=south).json()["alerts"]
    ids = [a["id"] for a in listed]

    assert len(ids) == 3 and all(HANDLE.fullmatch(i) for i in ids)
    assert len({*ids, southern["id"]}) == 4
    change = {"status": "acknowledged"}
    unknown = answer(api.client.patch(f"/v1/alerts/{new_handle()}", headers=north, json=change))
    assert unknown[0] == 404
    for item in (southern["id"], *MALFORMED):
        assert answer(api.client.patch(f"/v1/alerts/{item}", headers=north, json=change)) == unknown
    done = api.client.patch(f"/v1/alerts/{ids[0]}", headers=north, json=change)
    assert done.status_code == 200 and done.json()["id"] == ids[0]
    assert done.json()["status"] == "acknowledged"
    (still,) = api.client.get("/v1/alerts", headers=south).json()["alerts"]
    assert still["status"] == "open"


def test_receipts_carry_a_handle(api: Directory) -> None:
    auth = api.login("zz-practitioner")
    cp_id = api.world.add_child()
    contact = api.client.post(
        f"/v1/children/{cp_id}/contact-requests", headers=auth, json={"message": "Please call."}
    )
    shield = api.client.post(
        f"/v1/children/{cp_id}/shield-requests",
        headers=auth,
        json={"reason_category": "risk_of_abduction", "note": "Concern raised."},
    )
    assert contact.status_code == shield.status_code == 201
    handles = [contact.json()["id"], shield.json()["id"]]
    assert all(HANDLE.fullmatch(h) for h in handles) and handles[0] != handles[1]
