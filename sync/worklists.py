"""The management team's and shield officers' calls (DESIGN.md 3.6.1), beside the
practitioner's in sync.client.

    work = Worklists(client)                        # client: a signed-in DirectoryClient
    page = work.alerts(status=AlertStatus.OPEN)     # Page[Alert]
    work.update_alert(alert.id, AlertStatus.CLOSED, outcome=AlertOutcome.JUSTIFIED, note=...)
    work.place_shield(cp_id, "domestic_violence", note)          # ShieldStatus

Every call is the directory's route by its documented name and shape; the directory
scopes, refuses and audits, and the client only shows what it is given. Query strings
carry only codes and page numbers, never personal data; a child's ID appears only in its
own paths, as the design allows. Like sync.client, every failure is a SyncError, and a
malformed argument (an ID or handle that could change the path, a status that is not a
documented code) is a ValueError with a sentence, refused before anything is sent.
"""

from __future__ import annotations

from urllib.parse import urlencode

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ReviewDecision,
    ShieldRequestStatus,
)
from sync.client import DirectoryClient
from sync.paths import child_segment, handle_segment
from sync.worklist_models import (
    AccessEntry,
    Alert,
    Page,
    RequestKind,
    ShieldReasonItem,
    ShieldStatus,
    WorkRequest,
    read_access_page,
    read_alert_page,
    read_request,
    read_request_page,
    read_review_page,
    read_shield_reasons,
)

_ROUTE = {"contact": "/v1/contact-requests", "shield": "/v1/shield-requests"}
_DECISIONS: dict[RequestKind, tuple[str, ...]] = {
    "contact": (ContactRequestStatus.BROKERED, ContactRequestStatus.DECLINED),
    "shield": (ShieldRequestStatus.GRANTED, ShieldRequestStatus.DECLINED),
}


def _query(page: int, status: str | None) -> str:
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise ValueError("A page number is a whole number from 1.")
    query: dict[str, str | int] = {"page": page}
    if status is not None:
        query["status"] = str(status)
    return "?" + urlencode(query)


class Worklists:
    """The worklist routes, over a DirectoryClient's session (one per signed-in user)."""

    def __init__(self, client: DirectoryClient) -> None:
        self._client = client

    # --- alerts -------------------------------------------------------------------------

    def alerts(self, status: AlertStatus | None = None, page: int = 1) -> Page[Alert]:
        """The authority's alerts, open first then newest; of one status if given."""
        status = None if status is None else AlertStatus(status)
        return self._client.fetch("GET", "/v1/alerts" + _query(page, status), read_alert_page)

    def update_alert(
        self,
        alert_id: str,
        status: AlertStatus,
        *,
        outcome: AlertOutcome | None = None,
        note: str | None = None,
    ) -> Alert:
        """Move an alert on: acknowledged, escalated, or closed (closing needs both an
        outcome and a note; the directory refuses a close without them, 422)."""
        handle = handle_segment(alert_id, "An alert id is the text the worklist gave.")
        body: dict[str, str] = {"status": AlertStatus(status).value}
        if outcome is not None:
            body["outcome"] = AlertOutcome(outcome).value
        if note is not None:
            body["note"] = note
        return self._client.fetch("PATCH", f"/v1/alerts/{handle}", Alert.from_json, body)

    # --- contact and shield requests ----------------------------------------------------

    def requests(
        self, kind: RequestKind, status: str | None = None, page: int = 1
    ) -> Page[WorkRequest]:
        """The deciders' requests for their authority, or else the caller's own."""
        if status is not None and status not in ("open", *_DECISIONS[kind]):
            raise ValueError(f"A {kind} request's status is open or one of its decisions.")
        path = _ROUTE[kind] + _query(page, status)
        return self._client.fetch("GET", path, read_request_page(kind))

    def decide_request(
        self, kind: RequestKind, request_id: str, status: str, note: str
    ) -> WorkRequest:
        """Broker or decline a contact request; grant (which places the shield) or decline
        a shield request. The note is for the team: the requester never sees it."""
        if status not in _DECISIONS[kind]:
            raise ValueError(f"A {kind} request is decided as {' or '.join(_DECISIONS[kind])}.")
        handle = handle_segment(request_id, "A request id is the text the worklist gave.")
        body = {"status": str(status), "note": note}
        return self._client.fetch("PATCH", f"{_ROUTE[kind]}/{handle}", read_request(kind), body)

    # --- the shield's life --------------------------------------------------------------

    def place_shield(self, cp_id: str, reason_code: str, note: str) -> ShieldStatus:
        body = {"reason_code": reason_code, "note": note}
        return self._client.fetch("PUT", _shield(cp_id), ShieldStatus.from_json, body)

    def confirm_shield(self, cp_id: str) -> ShieldStatus:
        """A second shield officer confirms; the placer confirming their own is 409."""
        body = {"confirm": True}
        return self._client.fetch("PUT", _shield(cp_id), ShieldStatus.from_json, body)

    def propose_lift(self, cp_id: str) -> ShieldStatus:
        """The shield holds until the team confirms the lift."""
        return self._client.fetch("DELETE", _shield(cp_id), ShieldStatus.from_json)

    def confirm_lift(self, cp_id: str) -> ShieldStatus:
        path = _shield(cp_id) + "?confirm=true"
        return self._client.fetch("DELETE", path, ShieldStatus.from_json)

    def review_shield(self, cp_id: str, decision: ReviewDecision, note: str) -> ShieldStatus:
        """Renew the shield for six months, or propose its lift, recording the review."""
        body = {"decision": ReviewDecision(decision).value, "note": note}
        path = _shield(cp_id) + "/reviews"
        return self._client.fetch("POST", path, ShieldStatus.from_json, body)

    def reviews(self, page: int = 1) -> Page[ShieldStatus]:
        """Shields unconfirmed, with a lift pending, due within 30 days or overdue."""
        path = "/v1/shields/reviews" + _query(page, None)
        return self._client.fetch("GET", path, read_review_page)

    def shield_reasons(self) -> tuple[ShieldReasonItem, ...]:
        return self._client.fetch("GET", "/v1/reference/shield-reasons", read_shield_reasons)

    # --- who looked ---------------------------------------------------------------------

    def access_history(self, cp_id: str, page: int = 1) -> Page[AccessEntry]:
        """Every view and search result of the child, newest first (the team only)."""
        path = f"/v1/children/{child_segment(cp_id)}/access-history" + _query(page, None)
        return self._client.fetch("GET", path, read_access_page)


def _shield(cp_id: str) -> str:
    return f"/v1/children/{child_segment(cp_id)}/shield"
