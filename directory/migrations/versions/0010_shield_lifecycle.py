"""shield lifecycle: confirmation by a second officer, lifts proposed then confirmed, notes

Revision ID: 0010
Revises: 0009

The shield columns of `child` gain who confirmed it and who proposed its lift, and when
(directory.shields.machine); `shielded_by` keeps naming who placed it and the shield still
holds exactly while `shielded_since` is set, so the projection and the search pre-filter
are unchanged. Shields placed before this revision count as unconfirmed: nobody confirmed
them, so they come onto the team's reviews list. A partial index finds an authority's
shields for that list; `shield_note` keeps what people wrote at each step.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("shield_confirmed_by", sa.String(length=100)),
    ("shield_confirmed_on", sa.Date()),
    ("shield_lift_proposed_by", sa.String(length=100)),
    ("shield_lift_proposed_on", sa.Date()),
)
_SHIELDED = "shielded_since IS NOT NULL"


def upgrade() -> None:
    # Nullable columns are added in place on both backends: no table rebuild.
    for name, kind in _COLUMNS:
        op.add_column("child", sa.Column(name, kind, nullable=True))
    op.create_index(
        "ix_child_shielded_la",
        "child",
        ["responsible_la"],
        postgresql_where=sa.text(_SHIELDED),
        sqlite_where=sa.text(_SHIELDED),
    )
    op.create_table(
        "shield_note",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("event", sa.String(length=12), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "event IN ('place', 'grant', 'confirm', 'propose_lift', 'confirm_lift', 'renew')",
            name=op.f("ck_shield_note_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shield_note")),
    )
    op.create_index("ix_shield_note_cp_id", "shield_note", ["cp_id"])


def downgrade() -> None:
    op.drop_index("ix_shield_note_cp_id", table_name="shield_note")
    op.drop_table("shield_note")
    op.drop_index("ix_child_shielded_la", table_name="child")
    # In place, not a batch: rebuilding `child` would break the foreign keys that name it
    # (SQLite has dropped unindexed, unconstrained columns in place since 3.35).
    for name, _ in reversed(_COLUMNS):
        op.drop_column("child", name)
