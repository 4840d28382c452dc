"""The helpdesk's lookup of one correlation id (GET /v1/support/requests/{correlation_id}).

    lookup = support_lookup(client, "3f2a…")      # client: a helpdesk's signed-in session
    for request in lookup.requests: request.route, request.status, request.error

The answer's shape is contract.support_shapes; it holds no criteria, IDs or names, only
how the directory answered. A malformed id is refused here, before anything is sent
(ValueError), exactly as the directory would refuse it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from contract.reader import Reader
from contract.support_shapes import CORRELATION_ID
from sync.client import DirectoryClient


@dataclass(frozen=True, slots=True)
class SupportRequest:
    at: dt.datetime
    method: str
    route: str
    status: int
    error: str | None
    duration_ms: float
    organisation: str | None
    roles: tuple[str, ...]
    worker: str


@dataclass(frozen=True, slots=True)
class SupportLookup:
    correlation_id: str
    requests: tuple[SupportRequest, ...]  # oldest first


def _request(r: Reader) -> SupportRequest:
    return SupportRequest(
        at=r.instant("at"),
        method=r.text("method"),
        route=r.text("route"),
        status=r.number("status"),
        error=r.optional_text("error"),
        duration_ms=r.real("duration_ms"),
        organisation=r.optional_text("organisation"),
        roles=r.texts("roles"),
        worker=r.text("worker"),
    )


def read_support_lookup(body: Any) -> SupportLookup:
    r = Reader(body, "support lookup")
    return SupportLookup(r.text("correlation_id"), r.items("requests", _request))


def support_lookup(client: DirectoryClient, correlation_id: str) -> SupportLookup:
    wanted = correlation_id.strip()
    if not CORRELATION_ID.match(wanted):
        raise ValueError(
            "A correlation id is 8 to 64 letters, digits and hyphens, as the error message "
            "showed it."
        )
    return client.fetch("GET", f"/v1/support/requests/{wanted}", read_support_lookup)
