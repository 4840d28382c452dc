"""Contact and shield requests worked over HTTP (DESIGN.md 3.6.1, issue 11): the team's and
officers' worklists for their authority, a practitioner's own requests with their status and
never the decider's note, another authority's request answered like an unknown one, and a
granted shield request placing the shield at once."""

from __future__ import annotations

import httpx

from directory.handles import new_handle
from tests.directory.test_api_shields import CONFIRM, Desk, desk

__all__ = ["desk"]  # the fixture, used by name
NOTE = "Called the lead professional at Zzschool; she will ring the requester."


def ask_contact(d: Desk) -> str:
    sent = d.api.client.post(
        f"/v1/children/{d.child}/contact-requests",
        headers=d.as_("zz-practitioner"),
        json={"message": "Please ask the school to call me."},
    )
    assert sent.status_code == 201, sent.text
    handle: str = sent.json()["id"]
    return handle


def ask_shield(d: Desk) -> str:
    sent = d.api.client.post(
        f"/v1/children/{d.child}/shield-requests",
        headers=d.as_("zz-practitioner"),
        json={"reason_category": "risk_of_abduction", "note": "Father made threats at school."},
    )
    assert sent.status_code == 201, sent.text
    handle: str = sent.json()["id"]
    return handle


def listed(d: Desk, who: str, what: str) -> list[dict[str, object]]:
    response = d.api.client.get(f"/v1/{what}", headers=d.as_(who))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    items: list[dict[str, object]] = response.json()["requests"]
    return items


def patch(d: Desk, who: str, what: str, handle: str, status: str) -> httpx.Response:
    return d.api.client.patch(
        f"/v1/{what}/{handle}", headers=d.as_(who), json={"status": status, "note": NOTE}
    )


def test_a_contact_request_is_brokered_and_the_requester_sees_only_the_outcome(
    desk: Desk,
) -> None:
    handle = ask_contact(desk)
    [mine] = listed(desk, "zz-practitioner", "contact-requests")
    assert (mine["id"], mine["status"], mine["cp_id"]) == (handle, "open", desk.child)
    assert "requester" not in mine and "decision_note" not in mine
    [theirs] = listed(desk, "zz-manager", "contact-requests")
    assert theirs["requester"] == "user:zz-practitioner" and theirs["status"] == "open"
    assert listed(desk, "zz-manager-south", "contact-requests") == []
    assert listed(desk, "zz-officer-1", "contact-requests") == []  # their own: none

    other = patch(desk, "zz-manager-south", "contact-requests", handle, "brokered")
    unknown = patch(desk, "zz-manager-south", "contact-requests", new_handle(), "brokered")
    assert other.status_code == unknown.status_code == 404
    assert other.json()["message"] == unknown.json()["message"]
    for who in ("zz-practitioner", "zz-officer-1", "zz-helpdesk"):
        assert patch(desk, who, "contact-requests", handle, "brokered").status_code == 403

    done = patch(desk, "zz-manager", "contact-requests", handle, "brokered")
    assert done.status_code == 200 and done.json()["decision_note"] == NOTE
    assert patch(desk, "zz-manager", "contact-requests", handle, "declined").status_code == 409
    response = desk.api.client.get("/v1/contact-requests", headers=desk.as_("zz-practitioner"))
    [mine] = response.json()["requests"]
    assert mine["status"] == "brokered" and mine["decided_at"]
    assert "Zzschool" not in response.text and "zz-manager" not in response.text
    filtered = desk.api.client.get(
        "/v1/contact-requests", headers=desk.as_("zz-manager"), params={"status": "open"}
    )
    assert filtered.json()["requests"] == []
    refused = desk.api.client.get("/v1/contact-requests", headers=desk.as_("zz-helpdesk"))
    assert refused.status_code == 403


def test_a_granted_shield_request_places_the_shield_at_once(desk: Desk) -> None:
    handle = ask_shield(desk)
    [theirs] = listed(desk, "zz-officer-1", "shield-requests")
    assert theirs["reason_category"] == "risk_of_abduction" and theirs["status"] == "open"
    assert listed(desk, "zz-manager", "shield-requests") == [theirs]
    assert listed(desk, "zz-officer-south", "shield-requests") == []
    assert patch(desk, "zz-officer-south", "shield-requests", handle, "granted").status_code == 404

    granted = patch(desk, "zz-officer-1", "shield-requests", handle, "granted")
    assert granted.status_code == 200 and granted.json()["status"] == "granted"
    assert desk.view_level() == "shielded" and not desk.found_by_postcode()
    [review] = desk.reviews("zz-manager")
    assert review["due"] == ["unconfirmed"] and review["reason_code"] == "risk_of_abduction"
    # The officer who granted it placed it: another officer confirms.
    assert desk.shield("zz-officer-1", "PUT", json=CONFIRM).status_code == 409
    assert desk.shield("zz-officer-2", "PUT", json=CONFIRM).status_code == 200
    [mine] = listed(desk, "zz-practitioner", "shield-requests")
    assert mine["status"] == "granted" and "decision_note" not in mine


def test_a_shield_request_declined_or_already_shielded(desk: Desk) -> None:
    first, second, third = ask_shield(desk), ask_shield(desk), ask_shield(desk)
    declined = patch(desk, "zz-manager", "shield-requests", first, "declined")
    assert declined.status_code == 200 and desk.view_level() == "standard"
    # The team may grant too; once shielded, granting another request is a conflict and
    # that request stays open.
    assert patch(desk, "zz-manager", "shield-requests", second, "granted").status_code == 200
    assert patch(desk, "zz-officer-1", "shield-requests", third, "granted").status_code == 409
    unknown = patch(desk, "zz-manager", "shield-requests", new_handle(), "granted")
    assert unknown.status_code == 404
    statuses = sorted(str(r["status"]) for r in listed(desk, "zz-practitioner", "shield-requests"))
    assert statuses == ["declined", "granted", "open"]
