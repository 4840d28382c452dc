"""The management team's and shield officers' routes declare their answers (contract.
team_shapes): /v1/openapi.json has a schema for each 200/201 answer, key for key, and the
response models strip nothing a caller is sent: a decider's answer keeps the requester, the
decider and the note, a requester's answer never gains them."""

from __future__ import annotations

from typing import Any, get_type_hints

from contract import team_shapes
from tests.directory.test_api_shields import CONFIRM, PLACE, Desk, desk
from tests.directory.test_api_worklists import ask_contact, ask_shield, listed, patch

__all__ = ["desk"]  # the fixture, used by name

CHILD = "/v1/children/{cp_id}"
# Every route of the team's work: method, path, success status, the shape of its answer.
ROUTES = [
    ("get", "/v1/alerts", "200", team_shapes.AlertPageBody),
    ("patch", "/v1/alerts/{id}", "200", team_shapes.AlertBody),
    ("put", f"{CHILD}/shield", "200", team_shapes.ShieldStatusBody),
    ("delete", f"{CHILD}/shield", "200", team_shapes.ShieldStatusBody),
    ("post", f"{CHILD}/shield/reviews", "201", team_shapes.ShieldStatusBody),
    ("get", "/v1/shields/reviews", "200", team_shapes.ShieldReviewsBody),
    ("get", "/v1/reference/shield-reasons", "200", team_shapes.ShieldReasonsBody),
    ("get", "/v1/contact-requests", "200", team_shapes.ContactRequestPageBody),
    ("patch", "/v1/contact-requests/{id}", "200", team_shapes.ContactRequestBody),
    ("get", "/v1/shield-requests", "200", team_shapes.ShieldRequestPageBody),
    ("patch", "/v1/shield-requests/{id}", "200", team_shapes.ShieldRequestBody),
    ("get", f"{CHILD}/access-history", "200", team_shapes.AccessHistoryBody),
]
ASKED = {"id", "reference", "cp_id", "created_at", "status", "decided_at"}
DECIDERS = {"requester", "decided_by", "decision_note"}
CONTACT_ASKED, SHIELD_ASKED = ASKED | {"message"}, ASKED | {"reason_category", "note"}
STATUS = {
    *("cp_id", "state", "shielded", "reason_code", "placed_by", "placed_on", "next_review"),
    *("confirmed_by", "confirmed_on", "lift_proposed_by", "lift_proposed_on", "due"),
}


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def test_the_document_has_each_answer_key_for_key(desk: Desk) -> None:
    document = desk.api.client.get("/v1/openapi.json").json()
    for method, path, status, shape in ROUTES:
        answer = document["paths"][path][method]["responses"][status]
        schema = resolve(document, answer["content"]["application/json"]["schema"])
        where = f"{method.upper()} {path}"
        assert set(schema["properties"]) == set(get_type_hints(shape)), where
        assert set(schema.get("required", ())) == shape.__required_keys__, where


def test_requests_keep_the_deciders_fields_for_deciders_only(desk: Desk) -> None:
    contact, shield = ask_contact(desk), ask_shield(desk)
    for who, what, asked in (
        ("zz-manager", "contact-requests", CONTACT_ASKED),
        ("zz-officer-1", "shield-requests", SHIELD_ASKED),
        ("zz-manager", "shield-requests", SHIELD_ASKED),
    ):
        [item] = listed(desk, who, what)
        assert set(item) == asked | DECIDERS, (who, what)
        [own] = listed(desk, "zz-practitioner", what)
        assert set(own) == asked, what

    brokered = patch(desk, "zz-manager", "contact-requests", contact, "brokered")
    assert brokered.status_code == 200, brokered.text
    assert set(brokered.json()) == CONTACT_ASKED | DECIDERS
    assert brokered.json()["decided_by"] == "user:zz-manager"
    granted = patch(desk, "zz-officer-1", "shield-requests", shield, "granted")
    assert granted.status_code == 200, granted.text
    assert set(granted.json()) == SHIELD_ASKED | DECIDERS
    assert granted.json()["decision_note"]
    for what, asked in (("contact-requests", CONTACT_ASKED), ("shield-requests", SHIELD_ASKED)):
        [own] = listed(desk, "zz-practitioner", what)
        assert set(own) == asked and own["status"] != "open"


def test_shield_answers_keep_every_field(desk: Desk) -> None:
    placed = desk.shield("zz-officer-1", "PUT", json=PLACE)
    confirmed = desk.shield("zz-officer-2", "PUT", json=CONFIRM)
    reviewed = desk.api.client.post(
        f"/v1/children/{desk.child}/shield/reviews",
        headers=desk.as_("zz-manager"),
        json={"decision": "lift", "note": "The family has moved on; lift proposed."},
    )
    for answer, status in ((placed, 200), (confirmed, 200), (reviewed, 201)):
        assert answer.status_code == status, answer.text
        assert set(answer.json()) == STATUS
    assert reviewed.json()["lift_proposed_by"] == "user:zz-manager"
    [review] = desk.reviews("zz-officer-1")
    assert set(review) == STATUS and review["due"] == ["lift_pending"]
    reasons = desk.api.client.get("/v1/reference/shield-reasons", headers=desk.as_("zz-manager"))
    assert all(set(r) == {"code", "label"} for r in reasons.json()["reasons"])
    history = desk.api.client.get(
        f"/v1/children/{desk.child}/access-history", headers=desk.as_("zz-manager")
    ).json()
    assert set(history) == {"entries", "page", "page_size", "total"}
    assert all(
        set(e) == {"at", "user", "organisation", "action", "level", "override_reason"}
        for e in history["entries"]
    )
