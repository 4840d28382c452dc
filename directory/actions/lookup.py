"""Find a child for an action, exactly as the viewer may see it.

Every action on a child starts here, so that an action can never reach a record the shield
projection would hide from the same viewer: unknown, archived and invisible records all
give None, and the caller answers each with the same 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from directory.projection import ChildView, project
from directory.records import StoredRecord, load
from directory.schema import child
from directory.viewer import Viewer


@dataclass(frozen=True, slots=True)
class Found:
    child_id: int
    record: StoredRecord
    view: ChildView  # what this viewer sees; never sent by an action, only consulted

    @property
    def authority(self) -> str:
        return self.record.responsible_authority.code


def visible_child(conn: Connection, viewer: Viewer, cp_id: str, today: dt.date) -> Found | None:
    """The child with this (normalised) ContactPoint ID if the viewer may see it at all."""
    record = load(conn, cp_id)
    if record is None:
        return None
    view = project(record, viewer, today)
    if view is None:
        return None
    child_id = conn.scalar(select(child.c.id).where(child.c.cp_id == cp_id))
    if child_id is None:  # removed between the two statements: treat as unknown
        return None
    return Found(int(child_id), record, view)
