"""The helpdesk's answer about one correlation id (issue 13), and what a correlation id is.

`GET /v1/support/requests/{correlation_id}` (and `contactpoint-directory support lookup`)
answer with every request the directory logged under that id: enough to tell a user why a
request failed, and nothing from a record. There are no criteria, no IDs returned, no names
(neither the child's nor the user's): the user is described by their organisation and
roles. Like contract.shapes, the directory's route declares these as its response model and
the client's Diagnostics window reads them with contract.reader.

A correlation id is 8 to 64 letters, digits and hyphens (CORRELATION_ID): the directory
takes one in a request's X-Correlation-ID header only if it is well formed, and the lookup
refuses any other as malformed.

No `from __future__ import annotations`, for the reason contract.shapes gives.
"""

import re
from typing import TypedDict

CORRELATION_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class SupportRequestBody(TypedDict):
    """One request as the directory answered it."""

    at: str  # when it was answered (ISO 8601, UTC)
    method: str
    route: str  # the route template, e.g. /v1/children/{cp_id}; "(unmatched)" for none
    status: int
    error: str | None  # contract.codes.ErrorCode of the refusal; None when it succeeded
    duration_ms: float
    organisation: str | None  # the signed-in user's organisation; None without a session
    roles: list[str]  # the signed-in user's roles (directory roles); empty without a session
    worker: str  # the directory process that answered: host name and process id


class SupportLookupBody(TypedDict):
    correlation_id: str
    # Oldest first: a client that retries sends the same id again.
    requests: list[SupportRequestBody]
