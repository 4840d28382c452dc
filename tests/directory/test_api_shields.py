"""The shield lifecycle over HTTP (DESIGN.md 3.6.1, issue 11): two officers place and
confirm, an officer proposes the lift and the team confirms it; every step changes the next
search and view at once, another authority's child answers like an unknown one, the reviews
list and the published reasons. Real API, database and signature checks, in-process, with
the search/view tests' served directory (tests/directory/test_api.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import httpx
import pytest
from sqlalchemy import Engine, select

from contract.codes import ShieldEvent, ShieldPhase
from contract.shield_machine import offered
from directory.api.shields import ShieldPut
from directory.schema import SHIELD_REASONS, audit_log
from directory.team_schema import shield_note
from tests.directory.builders import LA_NORTH, LA_SOUTH, cp_id_for
from tests.directory.pki import NOW, enrol
from tests.directory.test_api import Directory
from tests.directory.test_api_roles import Clock

OFFICERS = (
    # name, roles, local authority
    ("zz-officer-1", "shield_officer", LA_NORTH),
    ("zz-officer-2", "shield_officer", LA_NORTH),
    ("zz-officer-south", "shield_officer", LA_SOUTH),
    ("zz-manager-2", "management", LA_NORTH),
    ("zz-manager-south", "management", LA_SOUTH),
)
PLACE = {"reason_code": "domestic_violence", "note": "Mother and child in a refuge."}
CONFIRM = {"confirm": True}


@dataclass
class Desk:
    api: Directory
    clock: Clock
    engine: Engine
    child: str  # an ordinary child of Northtown, postcode LS6 2AB

    def as_(self, name: str) -> dict[str, str]:
        return self.api.login(name)

    def shield(self, who: str, method: str, **kwargs: object) -> httpx.Response:
        return self.api.client.request(
            method, f"/v1/children/{self.child}/shield", headers=self.as_(who), **kwargs
        )

    def view_level(self, who: str = "zz-practitioner") -> str:
        response = self.api.client.get(f"/v1/children/{self.child}", headers=self.as_(who))
        assert response.status_code == 200, response.text
        level: str = response.json()["level"]
        return level

    def found_by_postcode(self, who: str = "zz-practitioner") -> bool:
        criteria = {"family_name": "Zzmoving", "postcode": "LS6 2AB"}
        body = self.api.client.post(
            "/v1/searches", headers=self.as_(who), json={"criteria": criteria}
        ).json()
        return any(m["cp_id"] == self.child for m in body["matches"])

    def reviews(self, who: str) -> list[dict[str, object]]:
        response = self.api.client.get("/v1/shields/reviews", headers=self.as_(who))
        assert response.status_code == 200, response.text
        shields: list[dict[str, object]] = response.json()["shields"]
        return shields


@pytest.fixture
def desk(engine: Engine, tmp_path: Path) -> Iterator[Desk]:
    clock = Clock()
    api = Directory(engine, tmp_path, clock=clock)
    for name, roles, la in OFFICERS:
        api.cards[name] = api.ca.issue(name=name)
        enrol(engine, api.ca, api.cards[name], name=name, roles=roles, local_authority=la)
    child = api.world.add_child(family_name="Zzmoving", given_name="Zzkid")
    with api.client:
        yield Desk(api, clock, engine, child)


def ok(response: httpx.Response, state: str) -> dict[str, object]:
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, object] = response.json()
    assert body["state"] == state
    return body


def status_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json().get("error", "")


def test_the_lifecycle_over_http_changes_the_next_search_and_view(desk: Desk) -> None:
    assert desk.view_level() == "standard" and desk.found_by_postcode()

    placed = ok(desk.shield("zz-officer-1", "PUT", json=PLACE), "unconfirmed")
    assert placed["shielded"] is True and placed["next_review"] == "2026-12-15"
    assert placed["reason_code"] == "domestic_violence" and placed["placed_on"] == "2026-06-15"
    # At once: the next view shows four fields, and a postcode search no longer finds it.
    assert desk.view_level() == "shielded" and not desk.found_by_postcode()
    assert desk.view_level("zz-manager") == "management" and desk.found_by_postcode("zz-manager")

    assert status_of(desk.shield("zz-officer-1", "PUT", json=CONFIRM)) == (409, "conflict")
    ok(desk.shield("zz-officer-2", "PUT", json=CONFIRM), "confirmed")
    assert status_of(desk.shield("zz-officer-2", "PUT", json=CONFIRM)) == (409, "conflict")

    ok(desk.shield("zz-officer-1", "DELETE"), "lift_pending")
    assert desk.view_level() == "shielded" and not desk.found_by_postcode()  # it holds
    assert status_of(desk.shield("zz-officer-2", "DELETE", params={"confirm": "true"})) == (
        403,
        "not_allowed",
    )
    lifted = ok(desk.shield("zz-manager", "DELETE", params={"confirm": "true"}), "unshielded")
    assert lifted["shielded"] is False and lifted["next_review"] is None
    assert desk.view_level() == "standard" and desk.found_by_postcode()


def test_other_roles_are_refused_and_another_authority_sees_an_unknown_child(
    desk: Desk,
) -> None:
    unknown = cp_id_for(12345678901)
    for who, method, body in (
        ("zz-officer-south", "PUT", PLACE),
        ("zz-manager-south", "DELETE", None),
    ):
        theirs = desk.shield(who, method, json=body)
        desk_child, desk.child = desk.child, unknown
        nobody = desk.shield(who, method, json=body)
        desk.child = desk_child
        assert theirs.status_code == nobody.status_code == 404
        assert {**theirs.json(), "correlation_id": ""} == {**nobody.json(), "correlation_id": ""}
    for who in ("zz-practitioner", "zz-override", "zz-helpdesk"):
        assert status_of(desk.shield(who, "PUT", json=PLACE)) == (403, "not_allowed")
        assert status_of(desk.shield(who, "DELETE")) == (403, "not_allowed")
    # The management team does not place; it lifts.
    assert status_of(desk.shield("zz-manager", "PUT", json=PLACE)) == (403, "not_allowed")
    assert desk.view_level() == "standard"


@pytest.mark.parametrize(
    "body",
    [
        {"reason_code": "domestic_violence"},
        {"note": "no reason"},
        {"reason_code": "bored", "note": "x"},
        {"confirm": False},
        {"confirm": True, "reason_code": "domestic_violence", "note": "x"},
        {},
    ],
)
def test_a_malformed_shield_body_is_422(desk: Desk, body: dict[str, object]) -> None:
    assert status_of(desk.shield("zz-officer-1", "PUT", json=body)) == (422, "invalid_body")


def test_the_reviews_list_and_the_reviews(desk: Desk) -> None:
    ok(desk.shield("zz-officer-1", "PUT", json=PLACE), "unconfirmed")
    [listed] = desk.reviews("zz-manager")
    assert (listed["cp_id"], listed["due"]) == (desk.child, ["unconfirmed"])
    assert desk.reviews("zz-officer-2") == [listed]
    assert desk.reviews("zz-manager-south") == [] and desk.reviews("zz-officer-south") == []
    for who in ("zz-practitioner", "zz-helpdesk"):
        response = desk.api.client.get("/v1/shields/reviews", headers=desk.as_(who))
        assert status_of(response) == (403, "not_allowed")

    ok(desk.shield("zz-officer-2", "PUT", json=CONFIRM), "confirmed")
    assert desk.reviews("zz-manager") == []
    desk.clock.now = NOW + dt.timedelta(days=155)  # 2026-11-17: within 30 days of the review
    assert [s["due"] for s in desk.reviews("zz-manager")] == [["due"]]
    desk.clock.now = NOW + dt.timedelta(days=190)  # 2026-12-22: past it
    assert [s["due"] for s in desk.reviews("zz-manager")] == [["overdue"]]

    renew = {"decision": "renew", "note": "Risk remains; family still in the refuge."}
    url = f"/v1/children/{desk.child}/shield/reviews"
    renewed = desk.api.client.post(url, headers=desk.as_("zz-manager"), json=renew)
    assert renewed.status_code == 201 and renewed.json()["next_review"] == "2027-06-22"
    assert desk.reviews("zz-manager") == []

    lift = {"decision": "lift", "note": "Family rehoused and safe."}
    proposed = desk.api.client.post(url, headers=desk.as_("zz-manager"), json=lift)
    assert proposed.status_code == 201 and proposed.json()["state"] == "lift_pending"
    assert [s["due"] for s in desk.reviews("zz-officer-1")] == [["lift_pending"]]
    # Two people: the team member who proposed it cannot also confirm it.
    assert status_of(desk.shield("zz-manager", "DELETE", params={"confirm": "true"})) == (
        409,
        "conflict",
    )
    ok(desk.shield("zz-manager-2", "DELETE", params={"confirm": "true"}), "unshielded")
    assert desk.view_level() == "standard"


def test_every_step_is_audited_and_notes_are_kept_out_of_the_audit(desk: Desk) -> None:
    desk.shield("zz-officer-1", "PUT", json=PLACE)
    desk.shield("zz-officer-1", "PUT", json=CONFIRM)  # refused: their own
    desk.shield("zz-officer-2", "PUT", json=CONFIRM)
    desk.shield("zz-officer-1", "DELETE")
    desk.shield("zz-manager", "DELETE", params={"confirm": "true"})
    with desk.engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.action, audit_log.c.detail)
            .where(audit_log.c.action.like("shield_%"))
            .order_by(audit_log.c.seq)
        ).all()
        notes = conn.execute(select(shield_note.c.event, shield_note.c.note)).all()
    steps = [
        (r.action, json.loads(r.detail).get("to"), json.loads(r.detail).get("refused"))
        for r in rows
    ]
    assert steps == [
        ("shield_place", "unconfirmed", None),
        ("shield_confirm", None, "conflict"),
        ("shield_confirm", "confirmed", None),
        ("shield_propose_lift", "lift_pending", None),
        ("shield_confirm_lift", "unshielded", None),
    ]
    assert all(PLACE["note"] not in r.detail for r in rows)
    assert [(n.event, n.note) for n in notes] == [("place", PLACE["note"])]


def test_the_shield_reasons_are_published(desk: Desk) -> None:
    response = desk.api.client.get("/v1/reference/shield-reasons", headers=desk.as_("zz-officer-1"))
    assert response.status_code == 200
    reasons = response.json()["reasons"]
    assert tuple(r["code"] for r in reasons) == SHIELD_REASONS and all(r["label"] for r in reasons)
    assert desk.api.client.get("/v1/reference/shield-reasons").status_code == 401


def test_the_body_model_lists_the_schema_reasons() -> None:
    annotation = ShieldPut.model_fields["reason_code"].annotation
    assert get_args(get_args(annotation)[0]) == SHIELD_REASONS


def test_those_who_work_a_shield_see_its_state_and_people_and_no_one_else_does(
    desk: Desk,
) -> None:
    def seen(who: str) -> dict[str, object]:
        response = desk.api.client.get(f"/v1/children/{desk.child}", headers=desk.as_(who))
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    def block(who: str) -> dict[str, object]:
        shield = seen(who)["shield"]
        assert isinstance(shield, dict)
        return shield

    ok(desk.shield("zz-officer-1", "PUT", json=PLACE), "unconfirmed")
    placed = block("zz-officer-2")
    assert (placed["state"], placed["by"]) == ("unconfirmed", "user:zz-officer-1")
    assert placed["confirmed_by"] is None and placed["lift_proposed_by"] is None
    # What the client offers from this block: the second officer confirms, the placer not.
    state = ShieldPhase(str(placed["state"]))
    mine = {"placed_by_me": True, "proposed_by_me": False}
    assert ShieldEvent.CONFIRM not in offered(state, {"shield_officer"}, **mine)
    assert ShieldEvent.CONFIRM in offered(
        state, {"shield_officer"}, **{**mine, "placed_by_me": False}
    )

    ok(desk.shield("zz-officer-2", "PUT", json=CONFIRM), "confirmed")
    ok(desk.shield("zz-officer-1", "DELETE"), "lift_pending")
    for who in ("zz-officer-2", "zz-manager"):
        pending = block(who)
        assert pending["state"] == "lift_pending"
        assert pending["confirmed_by"] == "user:zz-officer-2"
        assert pending["lift_proposed_by"] == "user:zz-officer-1"
    # Ordinary viewers (and another authority's officer, for whom the child is ordinary)
    # see four fields and nothing of the shield's workings.
    for who in ("zz-practitioner", "zz-override", "zz-officer-south"):
        view = seen(who)
        assert view["level"] == "shielded" and "shield" not in view
