"""fishing alerts: an alert kind that names a user and counts, and no child

Revision ID: 0009
Revises: 0008

Past the daily limit on record views the directory alerts the user's authority's
management team (directory.actions.fishing). Such an alert names no child, so `cp_id`
becomes nullable — required exactly for overrides, by a check — and a `detail` column holds
the counts as canonical JSON. The limits themselves are counted from the audit log through
the index of 0006 and need no table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A batch: SQLite cannot alter a column or a check in place, so the table is rebuilt.
    with op.batch_alter_table("alert") as batch:
        batch.drop_constraint(op.f("ck_alert_kind"), type_="check")
        batch.alter_column("cp_id", existing_type=sa.String(length=12), nullable=True)
        batch.add_column(sa.Column("detail", sa.Text(), nullable=True))
        batch.create_check_constraint("kind", "kind IN ('override', 'fishing')")
        batch.create_check_constraint("child_for_kind", "(kind = 'override') = (cp_id IS NOT NULL)")


def downgrade() -> None:
    # The older schema cannot hold an alert without a child: fishing alerts go with it.
    op.execute("DELETE FROM alert WHERE kind = 'fishing'")
    with op.batch_alter_table("alert") as batch:
        batch.drop_constraint(op.f("ck_alert_child_for_kind"), type_="check")
        batch.drop_constraint(op.f("ck_alert_kind"), type_="check")
        batch.drop_column("detail")
        batch.alter_column("cp_id", existing_type=sa.String(length=12), nullable=False)
        batch.create_check_constraint("kind", "kind IN ('override')")
