"""The last requests the client sent: its own correlation id on each, the outcome, never
the path, body or answer (sync.recent)."""

from __future__ import annotations

import httpx
import pytest

from sync import DirectoryUnreachable, NotFoundOrHidden
from sync.recent import RECENT, UNREACHABLE, RecentRequests
from tests.sync.test_client import CP_ID, signed_in


def test_each_request_carries_a_fresh_id_of_the_clients_and_its_outcome_is_kept() -> None:
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers["X-Correlation-ID"])
        body = {"error": "not_found", "message": "No such child.", "correlation_id": sent[-1]}
        return httpx.Response(404, json=body, headers={"X-Correlation-ID": sent[-1]})

    with signed_in(answer) as client:
        for _ in range(2):
            with pytest.raises(NotFoundOrHidden) as caught:
                client.child(CP_ID)
            assert caught.value.correlation_id == sent[-1]
    assert len(set(sent)) == 2
    latest = RECENT.latest()
    assert [r.correlation_id for r in latest[:2]] == sent[::-1]
    assert all(r.outcome == "404 not_found" for r in latest[:2])
    # The path held the ContactPoint ID; nothing kept holds it.
    assert not any(CP_ID in repr(r) for r in latest)


def test_a_request_with_no_answer_is_kept_with_its_id() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with signed_in(refuse) as client, pytest.raises(DirectoryUnreachable):
        client.child(CP_ID)
    assert RECENT.latest()[0].outcome == UNREACHABLE


def test_only_the_last_twenty_are_kept_newest_first() -> None:
    ring = RecentRequests()
    for n in range(25):
        ring.note(f"id-{n:02}", "200")
    kept = ring.latest()
    assert (
        len(kept) == 20 and kept[0].correlation_id == "id-24" and kept[-1].correlation_id == "id-05"
    )
