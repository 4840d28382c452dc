"""DirectoryClient.cacheable: which cached records may stay (issue 9, cache revalidation).

Against a mock transport (the IDs travel in bodies, in batches the directory accepts, and
only what was asked and confirmed is believed) and against the real directory in-process
(a child shielded since it was viewed is not confirmed).
"""

from __future__ import annotations

import json

import httpx
import pytest

from sync import MalformedResponse, TooMany
from sync.client import CACHEABLE_BATCH
from tests.directory.test_revalidation import shield
from tests.sync.test_client import Served, refusal, served, signed_in

__all__ = ["served"]  # the fixture, shared with tests/sync/test_client.py


def test_the_ids_travel_in_bodies_in_batches_and_only_confirmed_ones_are_believed() -> None:
    sent: list[httpx.Request] = []
    asked = [f"{n:012d}" for n in range(CACHEABLE_BATCH + 1)]

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        batch = json.loads(request.content)["cp_ids"]
        # Confirms the first of each batch, and one ID nobody asked about.
        return httpx.Response(200, json={"cacheable": [batch[0], "999999999999"]})

    client = signed_in(handler)
    confirmed = client.cacheable([*asked, asked[0].replace("0000", "00 00", 1)])
    assert confirmed == {asked[0], asked[CACHEABLE_BATCH]}
    assert [len(json.loads(r.content)["cp_ids"]) for r in sent] == [CACHEABLE_BATCH, 1]
    for request in sent:
        assert request.method == "POST" and request.url.path == "/v1/children/cacheable"
        assert request.url.query == b"" and request.headers["authorization"] == "Bearer t0k"


def test_nothing_is_sent_for_an_empty_cache() -> None:
    sent: list[httpx.Request] = []
    client = signed_in(lambda request: sent.append(request) or httpx.Response(500))
    assert client.cacheable([]) == frozenset()
    assert sent == []


@pytest.mark.parametrize("body", [{"cacheable": "all"}, {"cacheable": [1]}, {"kept": []}, []])
def test_an_undocumented_answer_is_malformed(body: object) -> None:
    client = signed_in(lambda request: httpx.Response(200, json=body))
    with pytest.raises(MalformedResponse):
        client.cacheable(["123456789012"])


def test_a_refusal_is_raised() -> None:
    client = signed_in(lambda request: refusal(429, "rate_limited"))
    with pytest.raises(TooMany):
        client.cacheable(["123456789012"])


def test_against_the_directory_a_child_shielded_since_is_not_confirmed(served: Served) -> None:
    stays = served.world.add_child()
    shielded = served.world.add_child()
    served.client.login(served.tokens["zz-practitioner"])
    for cp_id in (stays, shielded):
        assert served.client.child(cp_id)["cacheable"] is True
    assert served.client.cacheable([stays, shielded]) == {stays, shielded}
    shield(served.world.engine, shielded)
    assert served.client.cacheable([stays, shielded]) == {stays}
