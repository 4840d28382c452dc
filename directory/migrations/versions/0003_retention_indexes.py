"""partial indexes for the retention run

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_INDEXES = (
    ("ix_child_live_birth", "date_of_birth", "archived_on IS NULL"),
    ("ix_child_live_death", "date_of_death", "archived_on IS NULL AND date_of_death IS NOT NULL"),
    ("ix_child_archived_on", "archived_on", "archived_on IS NOT NULL"),
)


def upgrade() -> None:
    for name, column, where in _INDEXES:
        op.create_index(
            name, "child", [column], postgresql_where=sa.text(where), sqlite_where=sa.text(where)
        )


def downgrade() -> None:
    for name, _column, _where in _INDEXES:
        op.drop_index(name, table_name="child")
