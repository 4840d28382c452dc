"""File a request with a child's responsible authority: the step contact and shield
requests share.

The child must be visible to the requester (`admit` may add a condition); the row is stored
for the authority with a fresh reference, audited in the same transaction, and the Receipt
names no authority. A refusal is audited and committed before it is raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine, Table

from directory import audit, handles
from directory.actions.lookup import Found, visible_child
from directory.actions.references import Receipt, new_reference
from directory.actions.refusals import append_refusal
from directory.errors import DirectoryError, NotFound
from directory.viewer import Viewer


def visible(found: Found | None) -> Found:
    if found is None:
        raise NotFound("No record with that ContactPoint ID is available to you.")
    return found


def file_request(
    engine: Engine,
    viewer: Viewer,
    *,
    action: str,
    cp_id: str,
    table: Table,
    reference_prefix: str,
    sent: str,
    values: Mapping[str, Any],
    detail: Mapping[str, Any],
    moment: dt.datetime,
    correlation_id: str,
    admit: Callable[[Found | None], Found] = visible,
) -> Receipt:
    with engine.begin() as conn:
        try:
            found = admit(visible_child(conn, viewer, cp_id, moment.date()))
        except DirectoryError as exc:
            append_refusal(conn, viewer, action, exc, correlation_id, cp_id=cp_id)
            refusal = exc
        else:
            reference = new_reference(reference_prefix)
            handle = handles.new_handle()
            conn.execute(
                table.insert().values(
                    handle=handle,
                    reference=reference,
                    cp_id=cp_id,
                    local_authority=found.authority,
                    user_id=viewer.user_id,
                    created_at=moment,
                    status="open",
                    **values,
                )
            )
            audit.append(
                conn,
                actor=viewer.user_id,
                action=action,
                detail={"cp_id": cp_id, "reference": reference, **detail},
                correlation_id=correlation_id,
                at=moment,
            )
            return Receipt(handle, reference, sent.format(reference=reference))
    raise refusal
