"""Every endpoint with every role, and with no session, an idle-expired session and a
suspended account: the exact status of each call, and nothing forbidden in any body
(issue 3, "Authentication and roles").

The expected statuses are one table, EXPECTED, with a column per caller; read it row by
row. Every call goes through the real API, database and signature checks in-process. The
children are a shielded one (S) in Northtown and an ordinary one (P); what S's shield hides
(SHIELD_SECRETS) may appear only where the table of FULL_VIEWS says so, and S's names only
in the child views that show them.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from contract.codes import ConsentBasis, ShieldReason
from contract.messages import login_message, override_message
from directory.api import ApiSettings, create_app
from directory.api.models import InvolvementRequest, ShieldRequestBody
from directory.auth import suspend_user
from directory.schema import CONSENT_BASES, SHIELD_REASONS, involvement
from directory.team_schema import alert, contact_request, shield_request
from tests.directory.actions_support import JUSTIFICATION
from tests.directory.builders import LA_NORTH, LA_SOUTH, World
from tests.directory.pki import NOW, ORIGIN, Card, TestCA, enrol

CALLERS = (
    "practitioner",
    "override",
    "mgmt_la",  # management team of S's authority (Northtown)
    "mgmt_other",  # management team of another authority
    "shield_officer",
    "helpdesk",
    "administrator",
    "no_session",
    "expired",  # idle for longer than Policy.idle_minutes
    "suspended",  # signed in, then suspended
)
# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    #                       prac  ovr  mgmt mgmtX  so  help admin none  exp  susp
    "search":              (200,  200, 200, 200,  200, 403, 403,  401, 401, 401),
    "view_child":          (200,  200, 200, 200,  200, 403, 403,  401, 401, 401),
    "override_reasons":    (200,  200, 200, 200,  200, 200, 200,  401, 401, 401),
    "override":            (403,  200, 403, 403,  403, 403, 403,  401, 401, 401),
    "involvement_add":     (201,  201, 403, 403,  403, 403, 403,  401, 401, 401),
    # Their own involvement, just added, on S: their view of S shows no involvements, so
    # it is answered as unknown (issue 9, item 6). tests/directory/test_api_handles.py
    # ceases one on an ordinary child.
    "involvement_cease":   (404,  404, 403, 403,  403, 403, 403,  401, 401, 401),
    "contact_request":     (201,  201, 201, 201,  201, 403, 403,  401, 401, 401),
    "shield_request":      (201,  201, 201, 201,  201, 403, 403,  401, 401, 401),
    "alerts_list":         (403,  403, 200, 200,  403, 403, 403,  401, 401, 401),
    "alert_update":        (403,  403, 200, 404,  403, 403, 403,  401, 401, 401),
    # The shield lifecycle on a third, ordinary child T of Northtown. Only the team (first)
    # and the shield officer (after it) change T: the team may neither place nor confirm
    # and finds nothing to lift; the officer places, may not confirm their own (409),
    # proposes the lift, may not confirm it (the team's), and renews (withdrawing it).
    "shield_reasons":      (200,  200, 200, 200,  200, 200, 200,  401, 401, 401),
    "shield_place":        (403,  403, 403, 404,  200, 403, 403,  401, 401, 401),
    "shield_confirm":      (403,  403, 403, 404,  409, 403, 403,  401, 401, 401),
    "shield_lift":         (403,  403, 409, 404,  200, 403, 403,  401, 401, 401),
    "shield_lift_confirm": (403,  403, 409, 404,  403, 403, 403,  401, 401, 401),
    "shield_reviews":      (403,  403, 200, 200,  200, 403, 403,  401, 401, 401),
    "shield_review":       (403,  403, 409, 404,  201, 403, 403,  401, 401, 401),
    # The worklists of requests: the first contact request (on S) and shield request (on P)
    # are the override caller's; the team brokers the one and declines the other, so the
    # shield officer finds the shield request already decided (409).
    "contact_requests":    (200,  200, 200, 200,  200, 403, 403,  401, 401, 401),
    "contact_decide":      (403,  403, 200, 404,  403, 403, 403,  401, 401, 401),
    "shield_requests":     (200,  200, 200, 200,  200, 403, 403,  401, 401, 401),
    "shield_decide":       (403,  403, 200, 404,  409, 403, 403,  401, 401, 401),
    "access_history":      (403,  403, 200, 404,  403, 403, 403,  401, 401, 401),
    # An idle-expired token can still be logged out: revoke_session ends any unrevoked
    # session (harmless, and audited); a suspended user's sessions are already revoked.
    "logout":              (204,  204, 204, 204,  204, 204, 204,  401, 204, 401),
}
# fmt: on
# (caller, endpoint) pairs whose 2xx bodies may show all of S: the override itself, and the
# responsible authority's management team.
FULL_VIEWS = {("override", "override"), ("mgmt_la", "search"), ("mgmt_la", "view_child")}
# Bodies that may name the child: the views of S (shielded or not) and the search match.
NAMING = {"search", "view_child", "override"}

S_NAMES = ("Zzshieldfamily", "Zzshieldgiven")
SHIELD_SECRETS = (
    "LS6",  # the postcode, whole or district
    "Zzaddress Street",
    "Zztown",
    "Northtown",  # the responsible authority, its phone numbers and its code
    "0113 496 0001",
    "0113 496 0002",
    LA_NORTH,
    "Carerson",
    "Zzschool Primary",
    "Zzgp Surgery",
    "Zzhealth Visitor",  # the practitioner already involved, and their number
    "0113 496 0301",
)
USERS = (
    # name, roles, local authority, organisation
    ("practitioner", "practitioner", None, 3),
    ("override", "practitioner,override", None, 3),
    ("mgmt_la", "management", LA_NORTH, None),
    ("mgmt_other", "management", LA_SOUTH, None),
    ("shield_officer", "shield_officer", LA_NORTH, None),
    ("helpdesk", "helpdesk", None, None),
    ("administrator", "administrator", None, None),
    ("expired", "practitioner", None, 3),
    ("suspended", "practitioner", None, 3),
)


@dataclass
class Clock:
    now: dt.datetime = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Served:
    engine: Engine
    client: TestClient
    clock: Clock
    cards: dict[str, Card]
    shielded: str
    plain: str
    their_involvement: str  # the handle of the builder's own involvement on S (organisation 3)
    third: str  # T: an ordinary child of Northtown whose shield the lifecycle calls work on
    alert_id: str = "unset"  # the handle, once the override has made one
    contact_id: str = "unset"  # the first contact request's handle
    shield_request_id: str = "unset"  # the first shield request's handle
    results: dict[tuple[str, str], httpx.Response] = field(default_factory=dict)

    def login(self, name: str) -> dict[str, str]:
        card = self.cards[name]
        issued = self.client.post(
            "/v1/auth/challenges", json={"certificate": base64.b64encode(card.der).decode()}
        ).json()
        signature = card.sign(login_message(ORIGIN, issued["challenge_id"], issued["nonce"]))
        opened = self.client.post(
            "/v1/auth/sessions",
            json={
                "challenge_id": issued["challenge_id"],
                "signature": base64.b64encode(signature).decode(),
            },
        )
        assert opened.status_code == 201, opened.text
        return {"Authorization": f"Bearer {opened.json()['token']}"}

    def reauth(self, name: str) -> dict[str, str]:
        """A fresh override challenge for S, signed by the caller's card (when there is one)."""
        card = self.cards.get(name)
        if card is None:
            return {"challenge_id": "none", "signature": "AAAA"}
        issued = self.client.post(
            "/v1/auth/challenges",
            json={
                "certificate": base64.b64encode(card.der).decode(),
                "purpose": "override",
                "cp_id": self.shielded,
            },
        )
        if issued.status_code != 201:  # suspended: no challenge; the call is refused anyway
            return {"challenge_id": "none", "signature": "AAAA"}
        body = issued.json()
        message = override_message(ORIGIN, body["challenge_id"], body["nonce"], self.shielded)
        return {
            "challenge_id": body["challenge_id"],
            "signature": base64.b64encode(card.sign(message)).decode(),
        }


@pytest.fixture
def served(engine: Engine, tmp_path: Path) -> Iterator[Served]:
    world = World(engine).setup()
    shielded = world.add_child(family_name=S_NAMES[0], given_name=S_NAMES[1], shielded=True)
    plain = world.add_child(family_name="Zzplain", given_name="Zzopen")
    third = world.add_child(family_name="Zzthird", given_name="Zzkid")
    ca = TestCA.create()
    (tmp_path / "ca.pem").write_bytes(ca.pem)
    cards = {}
    for name, roles, la, org in USERS:
        cards[name] = ca.issue(name=name)
        enrol(
            engine, ca, cards[name], name=name, roles=roles, local_authority=la, organisation_id=org
        )
    clock = Clock()
    settings = ApiSettings(origin=ORIGIN, trusted_ca_files=(str(tmp_path / "ca.pem"),), clock=clock)
    with TestClient(create_app(engine, settings), base_url=ORIGIN) as client:
        with engine.connect() as conn:
            theirs = conn.scalar(select(involvement.c.handle).order_by(involvement.c.id))
        yield Served(
            engine,
            client,
            clock,
            cards,
            shielded,
            plain,
            their_involvement=str(theirs),
            third=third,
        )


Call = Callable[[Served, str, dict[str, str], dict[str, Any]], httpx.Response]


def _search(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    criteria = {"family_name": S_NAMES[0], "date_of_birth": "2015-03-07"}
    return s.client.post("/v1/searches", headers=h, json={"criteria": criteria})


def _view(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.get(f"/v1/children/{s.shielded}", headers=h)


def _reasons(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.get("/v1/reference/override-reasons", headers=h)


def _override(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    body = {
        "reason_code": "police_investigation",
        "justification": JUSTIFICATION,
        "reauth": s.reauth(who),
    }
    return s.client.post(f"/v1/children/{s.shielded}/overrides", headers=h, json=body)


def _add(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    body = {
        "practitioner_role": "health visitor",
        "phone": "0113 496 0777",
        "start_date": "2026-06-01",
    }
    response = s.client.post(f"/v1/children/{s.shielded}/involvements", headers=h, json=body)
    if response.status_code == 201:
        mine["involvement"] = response.json()["id"]
    return response


def _cease(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    # One's own involvement where one was added; otherwise someone else's, which must fail.
    item = mine.get("involvement", s.their_involvement)
    return s.client.patch(
        f"/v1/children/{s.shielded}/involvements/{item}",
        headers=h,
        json={"ceased_date": "2026-06-14"},
    )


def _contact(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.post(
        f"/v1/children/{s.shielded}/contact-requests",
        headers=h,
        json={"message": "Please ask the lead professional to call me."},
    )


def _shield(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.post(
        f"/v1/children/{s.plain}/shield-requests",
        headers=h,
        json={"reason_category": "risk_of_abduction", "note": "Concern raised at school."},
    )


def _alerts(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.get("/v1/alerts", headers=h)


def _alert(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.patch(
        f"/v1/alerts/{s.alert_id}", headers=h, json={"status": "acknowledged", "note": "Seen."}
    )


def _shield_reasons(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.get("/v1/reference/shield-reasons", headers=h)


def _shield_place(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    body = {"reason_code": "witness_protection", "note": "Placed at the court's request."}
    return s.client.put(f"/v1/children/{s.third}/shield", headers=h, json=body)


def _shield_confirm(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.put(f"/v1/children/{s.third}/shield", headers=h, json={"confirm": True})


def _shield_lift(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.delete(f"/v1/children/{s.third}/shield", headers=h)


def _shield_lift_confirm(
    s: Served, who: str, h: dict[str, str], mine: dict[str, Any]
) -> httpx.Response:
    return s.client.delete(f"/v1/children/{s.third}/shield?confirm=true", headers=h)


def _shield_reviews(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.get("/v1/shields/reviews", headers=h)


def _shield_review(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    body = {"decision": "renew", "note": "Risk remains."}
    return s.client.post(f"/v1/children/{s.third}/shield/reviews", headers=h, json=body)


def _contact_requests(
    s: Served, who: str, h: dict[str, str], mine: dict[str, Any]
) -> httpx.Response:
    return s.client.get("/v1/contact-requests", headers=h)


def _contact_decide(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    body = {"status": "brokered", "note": "Passed on."}
    return s.client.patch(f"/v1/contact-requests/{s.contact_id}", headers=h, json=body)


def _shield_requests(
    s: Served, who: str, h: dict[str, str], mine: dict[str, Any]
) -> httpx.Response:
    return s.client.get("/v1/shield-requests", headers=h)


def _shield_decide(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    body = {"status": "declined", "note": "No grounds."}
    return s.client.patch(f"/v1/shield-requests/{s.shield_request_id}", headers=h, json=body)


def _access_history(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.get(f"/v1/children/{s.shielded}/access-history", headers=h)


def _logout(s: Served, who: str, h: dict[str, str], mine: dict[str, Any]) -> httpx.Response:
    return s.client.delete("/v1/auth/sessions/current", headers=h)


CALLS: dict[str, Call] = {
    "search": _search,
    "view_child": _view,
    "override_reasons": _reasons,
    "override": _override,
    "involvement_add": _add,
    "involvement_cease": _cease,
    "contact_request": _contact,
    "shield_request": _shield,
    "alerts_list": _alerts,
    "alert_update": _alert,
    "shield_reasons": _shield_reasons,
    "shield_place": _shield_place,
    "shield_confirm": _shield_confirm,
    "shield_lift": _shield_lift,
    "shield_lift_confirm": _shield_lift_confirm,
    "shield_reviews": _shield_reviews,
    "shield_review": _shield_review,
    "contact_requests": _contact_requests,
    "contact_decide": _contact_decide,
    "shield_requests": _shield_requests,
    "shield_decide": _shield_decide,
    "access_history": _access_history,
    "logout": _logout,
}


def walk(s: Served, who: str, headers: dict[str, str]) -> None:
    mine: dict[str, Any] = {}
    for endpoint, call in CALLS.items():
        s.results[who, endpoint] = call(s, who, headers, mine)
        if who == "override" and endpoint == "override" and s.alert_id == "unset":
            with s.engine.connect() as conn:
                s.alert_id = str(conn.scalar(select(alert.c.handle)))
        if who == "override" and endpoint == "shield_request":
            with s.engine.connect() as conn:
                first = contact_request.c.id, shield_request.c.id
                s.contact_id = str(conn.scalar(select(contact_request.c.handle).order_by(first[0])))
                s.shield_request_id = str(
                    conn.scalar(select(shield_request.c.handle).order_by(first[1]))
                )


def forbidden_in(who: str, endpoint: str, response: httpx.Response) -> list[str]:
    body = response.text
    allowed_names = endpoint in NAMING and response.is_success
    allowed_all = (who, endpoint) in FULL_VIEWS and response.is_success
    secrets = (() if allowed_names else S_NAMES) + (() if allowed_all else SHIELD_SECRETS)
    return [secret for secret in secrets if secret in body]


def test_every_endpoint_with_every_role(served: Served) -> None:
    assert set(EXPECTED) == set(CALLS)
    sessions = {name: served.login(name) for name, *_ in USERS}
    # The override comes first: it makes the alert the management teams then handle.
    for who in ("override", *[c for c in CALLERS[:7] if c != "override"]):
        walk(served, who, sessions[who])
    suspend_user(served.engine, "suspended", now=NOW, actor="test:administrator")
    walk(served, "suspended", sessions["suspended"])
    walk(served, "no_session", {})
    served.clock.now = NOW + dt.timedelta(minutes=16)  # Policy.idle_minutes is 15
    walk(served, "expired", sessions["expired"])

    assert len(served.results) == len(CALLERS) * len(CALLS)
    wrong = [
        f"{endpoint} as {who}: {served.results[who, endpoint].status_code}, expected {status}"
        for endpoint, row in EXPECTED.items()
        for who, status in zip(CALLERS, row, strict=True)
        if served.results[who, endpoint].status_code != status
    ]
    assert wrong == []
    leaks = [
        f"{endpoint} as {who} shows {found}"
        for (who, endpoint), response in served.results.items()
        if (found := forbidden_in(who, endpoint, response))
    ]
    assert leaks == []


def test_the_full_views_really_are_full_and_the_others_really_are_shielded(
    served: Served,
) -> None:
    # Guards the leak check above: the secrets are spelled as the record holds them.
    override = served.login("override")
    practitioner = served.login("practitioner")
    full = _override(served, "override", override, {})
    shielded = _view(served, "practitioner", practitioner, {})

    assert full.status_code == 200 and full.headers["cache-control"] == "no-store"
    assert full.headers["x-override-reference"].startswith("OVR-")
    assert all(secret in full.text for secret in SHIELD_SECRETS)
    assert shielded.json()["level"] == "shielded"
    assert all(name in shielded.text for name in S_NAMES)
    # Nothing is remembered: the overrider's next ordinary view is shielded again.
    assert _view(served, "override", override, {}).json()["level"] == "shielded"


def test_an_override_challenge_names_its_record_and_a_login_challenge_does_not(
    served: Served,
) -> None:
    certificate = base64.b64encode(served.cards["override"].der).decode()
    for body in (
        {"certificate": certificate, "purpose": "override"},
        {"certificate": certificate, "purpose": "login", "cp_id": served.shielded},
    ):
        refused = served.client.post("/v1/auth/challenges", json=body)
        assert refused.status_code == 422 and refused.json()["error"] == "invalid_body"


def test_the_body_models_list_the_schema_values() -> None:
    assert ShieldRequestBody.model_fields["reason_category"].annotation is ShieldReason
    assert tuple(ShieldReason) == SHIELD_REASONS
    consent = get_args(InvolvementRequest.model_fields["consent_basis"].annotation)[0]
    assert consent is ConsentBasis and tuple(ConsentBasis) == CONSENT_BASES
