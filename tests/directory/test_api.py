"""The HTTP API in-process (Starlette's TestClient is an httpx client): login, search,
child views, and every refusal as JSON with a correlation id (DESIGN.md 3.6, 3.7).

The directory, its database and its signature checks are all real; the cards are software
keys from tests/directory/pki.py (SoftHSM logins are tested end to end over TLS).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from contract.messages import login_message, override_message
from directory.api import ApiSettings, create_app
from directory.auth import Policy
from directory.database import connect
from directory.usage_limits import UsageLimits
from tests.directory.actions_support import JUSTIFICATION
from tests.directory.builders import LA_NORTH, World
from tests.directory.pki import NOW, ORIGIN, Card, TestCA, enrol

DOB = "2015-03-07"


class Directory:
    """A served directory with a few enrolled users and children."""

    def __init__(
        self,
        engine: Engine,
        tmp_path: Path,
        policy: Policy | None = None,
        limits: UsageLimits | None = None,
        clock: Callable[[], dt.datetime] = lambda: NOW,
    ) -> None:
        self.world = World(engine).setup()
        self.ca = TestCA.create()
        ca_file = tmp_path / "ca.pem"
        ca_file.write_bytes(self.ca.pem)
        self.crl_file = tmp_path / "ca.crl"  # read when present (the CRL beside the CA file)
        self.cards: dict[str, Card] = {}
        for name, roles, la, org in (
            ("zz-practitioner", "practitioner", None, 3),
            ("zz-override", "practitioner,override", None, 3),
            ("zz-manager", "management", LA_NORTH, None),
            ("zz-helpdesk", "helpdesk", None, None),
        ):
            card = self.ca.issue(name=name)
            enrol(
                engine,
                self.ca,
                card,
                name=name,
                roles=roles,
                local_authority=la,
                organisation_id=org,
            )
            self.cards[name] = card
        settings = ApiSettings(
            origin=ORIGIN,
            trusted_ca_files=(str(ca_file),),
            clock=clock,
            crl_check_seconds=0,  # tests see a new CRL at once
            **({} if policy is None else {"policy": policy}),
            limits=limits or UsageLimits(),
        )
        self.client = TestClient(create_app(engine, settings), base_url=ORIGIN)

    def login(self, name: str) -> dict[str, str]:
        card = self.cards[name]
        issued = self.client.post(
            "/v1/auth/challenges", json={"certificate": base64.b64encode(card.der).decode()}
        )
        assert issued.status_code == 201, issued.text
        body = issued.json()
        message = login_message(ORIGIN, body["challenge_id"], body["nonce"])
        opened = self.client.post(
            "/v1/auth/sessions",
            json={
                "challenge_id": body["challenge_id"],
                "signature": base64.b64encode(card.sign(message)).decode(),
            },
        )
        assert opened.status_code == 201, opened.text
        return {"Authorization": f"Bearer {opened.json()['token']}"}

    def override(
        self, auth: dict[str, str], cp_id: str, justification: str = JUSTIFICATION
    ) -> httpx.Response:
        """zz-override's card re-authenticates for `cp_id` and overrides its shield."""
        card = self.cards["zz-override"]
        issued = self.client.post(
            "/v1/auth/challenges",
            json={
                "certificate": base64.b64encode(card.der).decode(),
                "purpose": "override",
                "cp_id": cp_id,
            },
        ).json()
        signed = card.sign(override_message(ORIGIN, issued["challenge_id"], issued["nonce"], cp_id))
        return self.client.post(
            f"/v1/children/{cp_id}/overrides",
            headers=auth,
            json={
                "reason_code": "missing_child",
                "justification": justification,
                "reauth": {
                    "challenge_id": issued["challenge_id"],
                    "signature": base64.b64encode(signed).decode(),
                },
            },
        )


@pytest.fixture
def api(engine: Engine, tmp_path: Path) -> Iterator[Directory]:
    directory = Directory(engine, tmp_path)
    with directory.client:
        yield directory


def assert_error(response: object, status: int, code: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    body: dict[str, str] = response.json()
    assert body["error"] == code and body["message"]
    assert body["correlation_id"] == response.headers["x-correlation-id"]
    return body


def test_login_then_search_then_view(api: Directory) -> None:
    cp_id = api.world.add_child(family_name="Zzfamily")
    auth = api.login("zz-practitioner")
    found = api.client.post(
        "/v1/searches",
        headers=auth,
        json={"criteria": {"family_name": "Zzfamily", "date_of_birth": DOB}, "mode": "exact"},
    )
    assert found.status_code == 200
    assert found.headers["cache-control"] == "no-store"
    assert [m["cp_id"] for m in found.json()["matches"]] == [cp_id]
    viewed = api.client.get(f"/v1/children/{cp_id}", headers=auth)
    assert viewed.status_code == 200 and viewed.json()["level"] == "standard"
    assert viewed.headers["cache-control"].startswith("private, max-age=")


def test_session_user_is_described(api: Directory) -> None:
    card = api.cards["zz-manager"]
    issued = api.client.post(
        "/v1/auth/challenges", json={"certificate": base64.b64encode(card.der).decode()}
    ).json()
    assert set(issued) >= {"challenge_id", "nonce", "expires_at"}
    signature = card.sign(login_message(ORIGIN, issued["challenge_id"], issued["nonce"]))
    opened = api.client.post(
        "/v1/auth/sessions",
        json={
            "challenge_id": issued["challenge_id"],
            "signature": base64.b64encode(signature).decode(),
        },
    )
    user = opened.json()["user"]
    assert user == {
        "name": "zz-manager",
        "organisation": "Zzhealth Visiting",
        "roles": ["management"],
        "local_authority": LA_NORTH,
    }


def test_a_signature_for_another_origin_is_refused(api: Directory) -> None:
    card = api.cards["zz-practitioner"]
    issued = api.client.post(
        "/v1/auth/challenges", json={"certificate": base64.b64encode(card.der).decode()}
    ).json()
    forged = card.sign(
        login_message("https://evil.test:443", issued["challenge_id"], issued["nonce"])
    )
    refused = api.client.post(
        "/v1/auth/sessions",
        json={
            "challenge_id": issued["challenge_id"],
            "signature": base64.b64encode(forged).decode(),
        },
    )
    assert_error(refused, 401, "authentication_failed")


def test_no_session_no_data(api: Directory) -> None:
    cp_id = api.world.add_child()
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic x"}):
        response = api.client.get(f"/v1/children/{cp_id}", headers=headers)
        body = assert_error(response, 401, "authentication_failed")
        assert "Testerson" not in str(body)
        assert response.headers["www-authenticate"] == "Bearer"


def test_sign_out_ends_the_session(api: Directory) -> None:
    auth = api.login("zz-practitioner")
    assert api.client.delete("/v1/auth/sessions/current", headers=auth).status_code == 204
    assert_error(
        api.client.post("/v1/searches", headers=auth, json={"criteria": {"cp_id": "889862171612"}}),
        401,
        "authentication_failed",
    )


def test_shielded_child_over_http(api: Directory) -> None:
    cp_id = api.world.add_child(shielded=True)
    body = api.client.get(f"/v1/children/{cp_id}", headers=api.login("zz-override")).json()
    assert body["level"] == "shielded" and "address" not in body
    full = api.client.get(f"/v1/children/{cp_id}", headers=api.login("zz-manager")).json()
    assert full["level"] == "management" and full["address"]["postcode"] == "LS6 2AB"


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({"json": {"criteria": {"family_name": "Zz"}}}, 400, "invalid_criteria"),
        ({"json": {"criteria": {"cp_id": "889862171613"}}}, 400, "invalid_identifier"),
        ({"json": {"criteria": {"address": "x"}}}, 422, "invalid_body"),
        ({"json": {"criteria": {"cp_id": "889862171612"}, "mode": "soundex"}}, 422, "invalid_body"),
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "invalid_body",
        ),
        (
            {"content": b"family_name=Zz", "headers": {"content-type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
        ({"json": {"criteria": {"family_name": "Z" * 70_000}}}, 413, "too_large"),
    ],
    ids=[
        "too-few-criteria",
        "check-digit",
        "unknown-field",
        "bad-mode",
        "garbage",
        "content-type",
        "huge",
    ],
)
def test_bad_requests_get_json_errors(
    api: Directory, request_kwargs: dict[str, object], status: int, code: str
) -> None:
    kwargs = dict(request_kwargs)  # the parameters are shared by both backends' runs
    headers = {**api.login("zz-practitioner"), **dict(kwargs.pop("headers", {}))}  # type: ignore[call-overload]
    response = api.client.post("/v1/searches", headers=headers, **kwargs)  # type: ignore[arg-type]
    assert_error(response, status, code)


def test_unknown_child_and_forbidden_role(api: Directory) -> None:
    assert_error(
        api.client.get("/v1/children/000000000000", headers=api.login("zz-practitioner")),
        404,
        "not_found",
    )
    cp_id = api.world.add_child()
    assert_error(
        api.client.get(f"/v1/children/{cp_id}", headers=api.login("zz-helpdesk")),
        403,
        "not_allowed",
    )


def test_correlation_id_is_echoed_when_well_formed(api: Directory) -> None:
    given = api.client.get("/healthz", headers={"X-Correlation-ID": "helpdesk-1234abcd"})
    assert given.headers["x-correlation-id"] == "helpdesk-1234abcd"
    odd = api.client.get("/healthz", headers={"X-Correlation-ID": "<script>"})
    assert odd.headers["x-correlation-id"] != "<script>"


def test_health_readiness_and_the_published_document(api: Directory) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    assert api.client.get("/readyz").json() == {"status": "ready"}
    document = api.client.get("/v1/openapi.json").json()
    assert {
        "/v1/searches",
        "/v1/children/{cp_id}",
        "/v1/auth/challenges",
        "/v1/auth/sessions",
        "/v1/auth/sessions/current",
    } <= set(document["paths"])


def test_logs_carry_no_personal_data(api: Directory, caplog: pytest.LogCaptureFixture) -> None:
    cp_id = api.world.add_child(family_name="Zzsecretname", postcode="LS6 2AB")
    auth = api.login("zz-practitioner")
    with caplog.at_level(logging.DEBUG):
        api.client.post(
            "/v1/searches",
            headers=auth,
            json={"criteria": {"family_name": "Zzsecretname", "postcode": "LS6 2AB"}},
        )
        api.client.get(f"/v1/children/{cp_id}", headers=auth)
    # httpx's own INFO line is this test's client logging its URL, not the directory.
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("http"))
    assert "POST /v1/searches 200" in text and "GET /v1/children/{cp_id} 200" in text
    for secret in ("Zzsecretname", "LS6", cp_id):
        assert secret not in text


def test_an_unreachable_database_is_a_clear_503(tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(TestCA.create().pem)
    missing = connect(f"sqlite:///{tmp_path / 'no-such-folder' / 'directory.db'}")
    settings = ApiSettings(origin=ORIGIN, trusted_ca_files=(str(ca_file),), clock=lambda: NOW)
    with TestClient(create_app(missing, settings), base_url=ORIGIN) as client:
        assert_error(client.get("/readyz"), 503, "not_ready")
        response = client.post(
            "/v1/searches",
            headers={"Authorization": "Bearer x" * 3},
            json={"criteria": {"cp_id": "889862171612"}},
        )
        body = assert_error(response, 503, "database_unavailable")
        assert "Try again" in body["message"]
    missing.dispose()


def test_fishing_is_answered_429(engine: Engine, tmp_path: Path) -> None:
    api = Directory(engine, tmp_path, limits=UsageLimits(searches_per_minute=2))
    with api.client:
        auth = api.login("zz-practitioner")
        body = {"criteria": {"cp_id": "889862171612"}}
        for _ in range(2):
            assert api.client.post("/v1/searches", headers=auth, json=body).status_code == 200
        assert_error(api.client.post("/v1/searches", headers=auth, json=body), 429, "rate_limited")
