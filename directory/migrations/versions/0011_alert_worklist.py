"""alert worklist: an escalated status and the outcome recorded on closing

Revision ID: 0011
Revises: 0010

Alerts move open -> acknowledged -> (escalated) -> closed, and closing records an outcome
(justified, not_justified, referred) with the note (directory.actions.alerts).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A batch: SQLite cannot alter a check in place, so the table is rebuilt (nothing
    # refers to `alert` by a foreign key).
    with op.batch_alter_table("alert") as batch:
        batch.drop_constraint(op.f("ck_alert_status"), type_="check")
        batch.add_column(sa.Column("outcome", sa.String(length=13), nullable=True))
        batch.create_check_constraint(
            "status", "status IN ('open', 'acknowledged', 'escalated', 'closed')"
        )
        batch.create_check_constraint(
            "outcome", "outcome IN ('justified', 'not_justified', 'referred')"
        )


def downgrade() -> None:
    # The older schema knows no escalation: an escalated alert is acknowledged there.
    op.execute("UPDATE alert SET status = 'acknowledged' WHERE status = 'escalated'")
    with op.batch_alter_table("alert") as batch:
        batch.drop_constraint(op.f("ck_alert_outcome"), type_="check")
        batch.drop_constraint(op.f("ck_alert_status"), type_="check")
        batch.drop_column("outcome")
        batch.create_check_constraint("status", "status IN ('open', 'acknowledged', 'closed')")
