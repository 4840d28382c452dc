"""A child's shield as stored on its `child` row, read into and written from the machine's
ShieldState (directory.shields.machine). The columns are the projection's input too: the
shield holds exactly while `shielded_since` is set, so writing UNSHIELDED is what makes the
child visible again, to the next request.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select, update

from directory.schema import child
from directory.shields.machine import ShieldState

# machine field -> child column
COLUMNS = {
    "reason": "shield_reason",
    "placed_by": "shielded_by",
    "placed_on": "shielded_since",
    "review_date": "shield_review_date",
    "confirmed_by": "shield_confirmed_by",
    "confirmed_on": "shield_confirmed_on",
    "lift_proposed_by": "shield_lift_proposed_by",
    "lift_proposed_on": "shield_lift_proposed_on",
}
SELECTED = [child.c[column] for column in COLUMNS.values()]


def state_of(row: Row[Any]) -> ShieldState:
    """The shield of a row that selected SELECTED (or the whole child)."""
    return ShieldState(**{name: getattr(row, column) for name, column in COLUMNS.items()})


def read_for_update(conn: Connection, cp_id: str) -> ShieldState:
    """The child's shield, its row locked until the transaction ends (two officers at once
    confirm one after the other, and the second is told the shield is confirmed)."""
    row = conn.execute(select(*SELECTED).where(child.c.cp_id == cp_id).with_for_update()).one()
    return state_of(row)


def write(conn: Connection, cp_id: str, shield: ShieldState) -> None:
    values = {column: getattr(shield, name) for name, column in COLUMNS.items()}
    conn.execute(update(child).where(child.c.cp_id == cp_id).values(**values))
