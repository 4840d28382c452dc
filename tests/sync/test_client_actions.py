"""DirectoryClient's actions on a child (override reasons, involvements, contact and shield
requests) and its health probe: against the real directory in-process (Starlette's
TestClient is an httpx.Client), and against a mock transport for what the directory never
does (no answer, a malformed receipt).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from contract.limits import MIN_JUSTIFICATION_CHARACTERS, MIN_JUSTIFICATION_WORDS
from directory.actions import JUSTIFICATION_RULE, OVERRIDE_REASONS
from directory.api import ApiSettings, create_app
from sync import (
    BadRequest,
    DirectoryClient,
    DirectoryRefused,
    DirectoryUnreachable,
    Forbidden,
    MalformedResponse,
    NotFoundOrHidden,
    NotSignedIn,
    OverrideReasonItem,
)
from tests.directory.builders import World
from tests.directory.pki import NOW, ORIGIN, Card, TestCA, enrol

FAMILY = "Zzactionfamily"
MESSAGE = "Zzsender from health visiting needs to speak to the school nurse about feeding."
NOTE = "Zznote: the family has told us of a risk from a former partner."
INVOLVEMENT = {
    "practitioner_role": "health visitor",
    "phone": "0113 496 0999",
    "email": "zz.visitor@example.test",
    "start_date": dt.date(2026, 5, 1),
    "lead_professional": False,
    "caf": False,
}


@dataclass
class SoftToken:
    card: Card

    def certificate_der(self) -> bytes:
        return self.card.der

    def sign(self, message: bytes) -> bytes:
        return self.card.sign(message)


@dataclass
class Served:
    world: World
    client: DirectoryClient
    tokens: dict[str, SoftToken]
    sent: list[httpx.Request]


@pytest.fixture
def served(engine: Engine, tmp_path: Path) -> Iterator[Served]:
    world = World(engine).setup()
    ca = TestCA.create()
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.pem)
    tokens = {}
    for name, roles, org in (
        ("zz-practitioner", "practitioner", 3),
        ("zz-clinic", "practitioner", 4),
        ("zz-helpdesk", "helpdesk", None),
    ):
        card = ca.issue(name=name)
        enrol(engine, ca, card, name=name, roles=roles, organisation_id=org)
        tokens[name] = SoftToken(card)
    settings = ApiSettings(origin=ORIGIN, trusted_ca_files=(str(ca_file),), clock=lambda: NOW)
    sent: list[httpx.Request] = []
    with TestClient(create_app(engine, settings), base_url=ORIGIN) as http:
        # Every request the client makes, to check that nothing personal is in a URL.
        http.event_hooks["request"].append(sent.append)
        yield Served(world, DirectoryClient(ORIGIN, client=http), tokens, sent)


def as_practitioner(served: Served, name: str = "zz-practitioner") -> DirectoryClient:
    served.client.login(served.tokens[name])
    return served.client


def assert_nothing_personal_in_urls(sent: list[httpx.Request], *secrets: str) -> None:
    for request in sent:
        for secret in secrets:
            assert secret not in str(request.url)


# --- override reasons ------------------------------------------------------------------


def test_override_reasons_are_the_published_list_with_the_rules_numbers(served: Served) -> None:
    reasons = as_practitioner(served).override_reasons()
    assert reasons.reasons == tuple(OverrideReasonItem(r.code, r.label) for r in OVERRIDE_REASONS)
    assert reasons.rule == JUSTIFICATION_RULE
    assert (reasons.min_characters, reasons.min_words) == (
        MIN_JUSTIFICATION_CHARACTERS,
        MIN_JUSTIFICATION_WORDS,
    )


def test_override_reasons_need_a_session(served: Served) -> None:
    with pytest.raises(NotSignedIn):
        served.client.override_reasons()


# --- involvements ----------------------------------------------------------------------


def test_add_then_cease_an_involvement(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    client = as_practitioner(served)
    added = client.add_involvement(cp_id, INVOLVEMENT)
    assert added["practitioner_name"] == "zz-practitioner"
    assert added["organisation_id"] == 3
    assert (added["start_date"], added["ceased_date"]) == ("2026-05-01", None)
    assert added["phone"] == INVOLVEMENT["phone"]
    involvement_id = added["id"]
    assert isinstance(involvement_id, str) and len(involvement_id) == 22

    record = client.child(cp_id)
    mine = [i for i in record["involvements"] if i["id"] == involvement_id]
    assert len(mine) == 1 and mine[0]["practitioner_role"] == "health visitor"

    ceased = client.cease_involvement(cp_id, involvement_id, dt.date(2026, 6, 1))
    assert ceased == {"id": involvement_id, "ceased_date": "2026-06-01"}
    record = client.child(cp_id)
    assert [i["ceased_date"] for i in record["involvements"] if i["id"] == involvement_id] == [
        "2026-06-01"
    ]
    # Ceasing twice is a conflict the directory names; the client passes it on as is.
    with pytest.raises(DirectoryRefused) as caught:
        client.cease_involvement(cp_id, involvement_id, dt.date(2026, 6, 2))
    assert caught.value.status == 409 and caught.value.correlation_id
    assert_nothing_personal_in_urls(served.sent, INVOLVEMENT["phone"], "health visitor")


def test_another_organisations_involvement_is_not_found(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    theirs = as_practitioner(served).add_involvement(cp_id, INVOLVEMENT)["id"]
    served.client.sign_out()
    clinic = as_practitioner(served, "zz-clinic")
    with pytest.raises(NotFoundOrHidden):
        clinic.cease_involvement(cp_id, theirs, dt.date(2026, 6, 1))


def test_a_refused_involvement_says_what_to_change(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    client = as_practitioner(served)
    with pytest.raises(BadRequest) as caught:
        client.add_involvement(cp_id, {**INVOLVEMENT, "start_date": "2027-01-01"})
    assert "future" in caught.value.message and caught.value.status == 422


@pytest.mark.parametrize("bad", [0, 7, True, 1.5, "", "../alerts", "a/b", "a?b=1", "%2F"])
def test_an_involvement_id_that_is_not_one_is_not_sent(served: Served, bad: object) -> None:
    client = as_practitioner(served)
    before = len(served.sent)
    with pytest.raises(ValueError):
        client.cease_involvement("123456789012", bad, dt.date(2026, 6, 1))  # type: ignore[arg-type]
    assert len(served.sent) == before


# --- contact and shield requests -------------------------------------------------------


def test_a_contact_request_gets_a_reference(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY, shielded=True)
    receipt = as_practitioner(served).request_contact(cp_id, MESSAGE)
    assert set(receipt) == {"reference", "message"}
    assert receipt["reference"].startswith("CON-")
    assert receipt["reference"] in receipt["message"]
    assert_nothing_personal_in_urls(served.sent, MESSAGE, "Zzsender")
    body = json.loads(served.sent[-1].content)
    assert body == {"message": MESSAGE}


def test_a_shield_request_gets_a_reference(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    receipt = as_practitioner(served).request_shield(cp_id, "domestic_violence", NOTE)
    assert receipt["reference"].startswith("SHR-")
    assert_nothing_personal_in_urls(served.sent, NOTE, "domestic_violence")


def test_a_shield_request_with_an_unknown_category_is_refused(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    with pytest.raises(BadRequest):
        as_practitioner(served).request_shield(cp_id, "because", NOTE)


def test_helpdesk_may_not_ask_for_contact(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    with pytest.raises(Forbidden):
        as_practitioner(served, "zz-helpdesk").request_contact(cp_id, MESSAGE)


def test_actions_are_not_sent_without_a_session(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    with pytest.raises(NotSignedIn) as caught:
        served.client.request_contact(cp_id, MESSAGE)
    assert caught.value.correlation_id is None and served.sent == []


# --- health ----------------------------------------------------------------------------


def test_health_answers_without_a_session(served: Served) -> None:
    assert served.client.health() is True
    assert "authorization" not in served.sent[-1].headers


def mock(handler: Callable[[httpx.Request], httpx.Response]) -> DirectoryClient:
    return DirectoryClient(ORIGIN, transport=httpx.MockTransport(handler))


def test_health_is_unreachable_when_nothing_answers() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    with pytest.raises(DirectoryUnreachable) as caught:
        mock(refuse).health()
    assert caught.value.reason == "connect"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(502, text="<html>Bad gateway</html>"),
        httpx.Response(200, text="it works"),
        httpx.Response(200, json={"status": "starting"}),
    ],
)
def test_an_answer_that_is_not_healthy_is_false(response: httpx.Response) -> None:
    assert mock(lambda request: response).health() is False


def test_a_receipt_without_a_reference_is_malformed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/auth/sessions":
            user = {"name": "u", "organisation": "o", "roles": ["practitioner"]}
            body = {"token": "t0k", "expires_at": NOW.isoformat(), "user": user}
            return httpx.Response(201, json=body)
        return httpx.Response(201, json={"message": "sent"})

    client = mock(handler)
    client.open_session("c-1", b"sig")
    with pytest.raises(MalformedResponse):
        client.request_contact("123456789012", MESSAGE)


# --- ending an earlier session -----------------------------------------------------------


def test_signing_out_a_named_session_leaves_the_current_one(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY)
    token = served.tokens["zz-practitioner"]
    earlier = served.client.login(token)
    served.client.login(token)  # a second login replaces the token held
    served.client.sign_out(earlier)
    assert served.client.signed_in
    assert served.client.child(cp_id)["cp_id"] == cp_id  # the current session still works
    stale = DirectoryClient(ORIGIN, client=served.client._http)
    stale._token = earlier.token
    with pytest.raises(NotSignedIn):
        stale.child(cp_id)  # the earlier one was ended at the directory
    served.client.sign_out()
    assert not served.client.signed_in
