"""What practitioners and management teams DO with a child's record (DESIGN.md 3.3, 3.6).

    override(engine, viewer, cp_id, reason_code=, justification=, reauth=, ...) -> Overridden
    add_involvement(engine, viewer, cp_id, NewInvolvement, ...)        -> RecordedInvolvement
    cease_involvement(engine, viewer, cp_id, handle, ceased_date, ...) -> CeasedInvolvement
    request_contact(engine, viewer, cp_id, message, ...)               -> Receipt
    request_shield(engine, viewer, cp_id, reason_category, note, ...)  -> Receipt
    list_alerts(engine, viewer, page=, page_size=, ...)                -> AlertPage
    update_alert(engine, viewer, handle, status=, note=, ...)          -> Alert
    OVERRIDE_REASONS                                                   the published list

Each call writes its audit row in the same transaction as its work, so that if the audit
write fails nothing is done and AuditFailure is raised (fail closed, DESIGN.md 3.5); each
refusal is audited, and committed, before its directory.errors error is raised. Records are
reached only through the shield projection (directory.actions.lookup): whatever a viewer
may not see, an action neither touches nor mentions. Times are aware datetimes given by the
caller; `correlation_id` ties the audit rows to the request.
"""

from __future__ import annotations

from directory.actions.alerts import Alert, AlertPage, list_alerts, update_alert
from directory.actions.contact_requests import request_contact
from directory.actions.involvements import (
    CeasedInvolvement,
    NewInvolvement,
    RecordedInvolvement,
    add_involvement,
    cease_involvement,
)
from directory.actions.override import (
    JUSTIFICATION_RULE,
    OVERRIDE_REASONS,
    Overridden,
    OverrideReason,
    Reauth,
    override,
)
from directory.actions.references import Receipt
from directory.actions.shield_requests import request_shield

__all__ = [
    "JUSTIFICATION_RULE",
    "OVERRIDE_REASONS",
    "Alert",
    "AlertPage",
    "CeasedInvolvement",
    "NewInvolvement",
    "Overridden",
    "OverrideReason",
    "Reauth",
    "Receipt",
    "RecordedInvolvement",
    "add_involvement",
    "cease_involvement",
    "list_alerts",
    "override",
    "request_contact",
    "request_shield",
    "update_alert",
]
