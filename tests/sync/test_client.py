"""DirectoryClient against a mock transport (every refusal, every failure to answer) and
against the real directory in-process (Starlette's TestClient is an httpx.Client).

The directory side reuses the test PKI and builders of tests/directory; software cards
stand in for tokens through the Signer protocol.
"""

from __future__ import annotations

import json
import logging
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from directory import cpid
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
    TooMany,
)
from tests.directory.builders import World
from tests.directory.pki import NOW, ORIGIN, Card, TestCA, enrol

DOB = "2015-03-07"
FAMILY = "Zzclientfamily"
CP_ID = "123456789012"


@pytest.mark.parametrize(
    "url", ["ftp://directory.test", "https://directory.test:8443/v1", "directory.test:8443"]
)
def test_the_base_url_must_be_an_origin(url: str) -> None:
    with pytest.raises(ValueError):
        DirectoryClient(url)


def test_a_trailing_slash_is_not_signed() -> None:
    with DirectoryClient(ORIGIN + "/") as client:
        assert client.origin == ORIGIN


def test_a_ca_bundle_path_is_trusted(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(TestCA.create().pem)
    with DirectoryClient(ORIGIN, verify=str(bundle)) as client:
        assert client.origin == ORIGIN


# --- every refusal and failure, with a mock transport ------------------------------------


def mock(handler: Callable[[httpx.Request], httpx.Response]) -> DirectoryClient:
    return DirectoryClient(ORIGIN, transport=httpx.MockTransport(handler))


def signed_in(handler: Callable[[httpx.Request], httpx.Response]) -> DirectoryClient:
    def routed(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/auth/sessions":
            user = {"name": "u", "organisation": "o", "roles": ["practitioner"]}
            body = {"token": "t0k", "expires_at": NOW.isoformat(), "user": user}
            return httpx.Response(201, json=body)
        return handler(request)

    client = mock(routed)
    client.open_session("c-1", b"sig")
    return client


def refusal(status: int, code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"error": code, "message": "A sentence.", "correlation_id": "cid-42"}
    return httpx.Response(
        status, json=body, headers={"X-Correlation-ID": "cid-42", **(headers or {})}
    )


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequest),
        (401, NotSignedIn),
        (403, Forbidden),
        (404, NotFoundOrHidden),
        (409, DirectoryRefused),
        (422, BadRequest),
        (429, TooMany),
        (503, DirectoryRefused),
    ],
)
def test_each_refusal_is_its_exception_with_the_correlation_id(
    status: int, kind: type[DirectoryRefused]
) -> None:
    client = signed_in(lambda request: refusal(status, f"code_{status}"))
    with pytest.raises(DirectoryRefused) as caught:
        client.child(CP_ID)
    assert type(caught.value) is kind
    assert (caught.value.status, caught.value.code) == (status, f"code_{status}")
    assert caught.value.correlation_id == "cid-42" and caught.value.message == "A sentence."
    assert "cid-42" in str(caught.value)


def test_too_many_says_when_to_retry() -> None:
    client = signed_in(lambda request: refusal(429, "rate_limited", {"Retry-After": "30"}))
    with pytest.raises(TooMany) as caught:
        client.search({"family_name": FAMILY})
    assert caught.value.retry_after == 30.0


def test_a_refused_session_forgets_the_token() -> None:
    client = signed_in(lambda request: refusal(401, "authentication_failed"))
    with pytest.raises(NotSignedIn):
        client.child(CP_ID)
    assert not client.signed_in


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(502, text="<html>Bad gateway</html>", headers={"X-Correlation-ID": "c"}),
        httpx.Response(200, text="not json", headers={"X-Correlation-ID": "c"}),
        httpx.Response(200, json=["a", "list"], headers={"X-Correlation-ID": "c"}),
        httpx.Response(200, json={"matches": [{"cp_id": 1}], "too_many": False}),
        httpx.Response(200, json={"matches": [], "too_many": "no"}),
        httpx.Response(400, json={"detail": "FastAPI's default shape"}),
        httpx.Response(302, headers={"Location": "https://elsewhere.test/"}),
    ],
)
def test_an_undocumented_answer_is_malformed(response: httpx.Response) -> None:
    client = signed_in(lambda request: response)
    with pytest.raises(MalformedResponse) as caught:
        client.search({"family_name": FAMILY})
    assert caught.value.status == response.status_code
    if "X-Correlation-ID" in response.headers:
        assert caught.value.correlation_id == "c"


def raising(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def tls_failure() -> httpx.ConnectError:
    try:
        try:
            raise ssl.SSLCertVerificationError("certificate verify failed")
        except ssl.SSLError as cause:
            raise httpx.ConnectError("handshake failed") from cause
    except httpx.ConnectError as exc:
        return exc


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (httpx.ConnectError("refused"), "connect"),
        (httpx.ConnectTimeout("slow"), "timeout"),
        (httpx.ReadTimeout("slow"), "timeout"),
        (httpx.RemoteProtocolError("gone"), "network"),
        (tls_failure(), "tls"),
    ],
)
def test_no_answer_is_unreachable_with_a_sentence(exc: Exception, reason: str) -> None:
    client = mock(raising(exc))
    with pytest.raises(DirectoryUnreachable) as caught:
        client.request_challenge(b"der")
    assert caught.value.reason == reason
    assert caught.value.message.endswith(".") and "directory" in caught.value.message
    assert isinstance(caught.value.__cause__, httpx.TransportError)


def test_nothing_is_sent_without_a_session() -> None:
    sent: list[httpx.Request] = []
    client = mock(lambda request: sent.append(request) or httpx.Response(500))
    with pytest.raises(NotSignedIn) as caught:
        client.search({"family_name": FAMILY})
    assert caught.value.correlation_id is None and sent == []


def test_personal_data_travels_in_bodies_and_ids_only_in_child_paths() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/v1/searches":
            return httpx.Response(200, json={"matches": [], "too_many": False})
        return httpx.Response(200, json={"cp_id": CP_ID, "level": "standard"})

    client = signed_in(handler)
    client.search({"family_name": FAMILY, "date_of_birth": DOB}, "fuzzy")
    client.child("1234 5678-9012")
    search, view = sent
    assert search.method == "POST" and search.url.query == b""
    assert FAMILY not in str(search.url)
    assert json.loads(search.content) == {
        "criteria": {"family_name": FAMILY, "date_of_birth": DOB},
        "mode": "fuzzy",
    }
    assert search.headers["authorization"] == "Bearer t0k"
    assert str(view.url) == f"{ORIGIN}/v1/children/{CP_ID}"


@pytest.mark.parametrize("bad", ["../auth/sessions/current", "1234?x=1", "12%2F34", ""])
def test_an_id_that_would_change_the_path_is_not_sent(bad: str) -> None:
    client = signed_in(lambda request: httpx.Response(500))
    with pytest.raises(ValueError):
        client.child(bad)


# --- the real directory, in-process ----------------------------------------------------


@dataclass
class SoftToken:
    """A software card seen through the Signer protocol, as smartcard.Token is."""

    card: Card
    forge: bool = False

    def certificate_der(self) -> bytes:
        return self.card.der

    def sign(self, message: bytes) -> bytes:
        return self.card.sign(b"not the challenge" if self.forge else message)


@dataclass
class Served:
    world: World
    http: TestClient
    client: DirectoryClient
    tokens: dict[str, SoftToken]


@pytest.fixture
def served(engine: Engine, tmp_path: Path) -> Iterator[Served]:
    world = World(engine).setup()
    ca = TestCA.create()
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.pem)
    tokens = {}
    for name, roles in (
        ("zz-practitioner", "practitioner"),
        ("zz-override", "practitioner,override"),
    ):
        card = ca.issue(name=name)
        enrol(engine, ca, card, name=name, roles=roles, organisation_id=3)
        tokens[name] = SoftToken(card)
    settings = ApiSettings(origin=ORIGIN, trusted_ca_files=(str(ca_file),), clock=lambda: NOW)
    with TestClient(create_app(engine, settings), base_url=ORIGIN) as http:
        yield Served(world, http, DirectoryClient(ORIGIN, client=http), tokens)


def test_login_search_and_view_against_the_directory(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cp_id = served.world.add_child(family_name=FAMILY)
    session = served.client.login(served.tokens["zz-practitioner"])
    assert session.user.name == "zz-practitioner" and session.user.roles == ("practitioner",)
    assert session.expires_at > NOW and session.token not in repr(session)
    found = served.client.search({"family_name": FAMILY, "date_of_birth": DOB})
    assert [m.cp_id for m in found.matches] == [cp_id] and not found.too_many
    assert found.matches[0].summary["family_name"] == FAMILY
    record = served.client.child(cp_id)
    assert record["cp_id"] == cp_id and record["level"] == "standard"
    # No personal data in logs (DESIGN.md 4): not httpx's request lines, nor anyone's.
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    spoken = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not [line for line in spoken if cp_id in line or FAMILY in line]
    assert cp_id not in repr(found) and FAMILY not in repr(found)


def test_a_wrong_signature_is_not_signed_in_with_a_correlation_id(served: Served) -> None:
    forger = SoftToken(served.tokens["zz-practitioner"].card, forge=True)
    with pytest.raises(NotSignedIn) as caught:
        served.client.login(forger)
    assert caught.value.status == 401 and caught.value.correlation_id
    assert not served.client.signed_in


def test_after_sign_out_the_directory_refuses_the_old_token(served: Served) -> None:
    session = served.client.login(served.tokens["zz-practitioner"])
    served.client.sign_out()
    with pytest.raises(NotSignedIn):
        served.client.search({"family_name": FAMILY, "date_of_birth": DOB})
    # The directory itself revoked it: a client still holding the token is refused too.
    stale = DirectoryClient(ORIGIN, client=served.http)
    stale._token = session.token
    with pytest.raises(NotSignedIn) as caught:
        stale.search({"family_name": FAMILY, "date_of_birth": DOB})
    assert caught.value.correlation_id and caught.value.status == 401


def test_an_unknown_child_is_not_found_or_hidden(served: Served) -> None:
    served.client.login(served.tokens["zz-practitioner"])
    with pytest.raises(NotFoundOrHidden) as caught:
        served.client.child(cpid.draw())
    assert caught.value.correlation_id


def test_override_signs_a_fresh_challenge_and_shows_the_full_record(served: Served) -> None:
    cp_id = served.world.add_child(family_name=FAMILY, shielded=True)
    token = served.tokens["zz-override"]
    served.client.login(token)
    assert served.client.child(cp_id)["level"] != "full"
    done = served.client.override(
        token,
        cp_id,
        "police_investigation",
        "Officers need the current address today to protect the child from imminent harm.",
    )
    assert done.view["cp_id"] == cp_id and done.alert_reference
    assert cp_id not in repr(done)
