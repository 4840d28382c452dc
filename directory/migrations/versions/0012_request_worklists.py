"""request worklists: contact requests brokered or declined, and how each request was decided

Revision ID: 0012
Revises: 0011

The team marks a contact request `brokered` or `declined` (it was `open` or `closed`; no
code ever closed one, and a closed one becomes declined), and a shield request `granted` or
`declined`; each records who decided it, when, and their note (directory.worklists).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TABLES = ("contact_request", "shield_request")
_COLUMNS = (
    ("handled_by", sa.String(length=100)),
    ("handled_at", sa.DateTime(timezone=True)),
    ("decision_note", sa.String(length=2000)),
)


def upgrade() -> None:
    op.execute("UPDATE contact_request SET status = 'declined' WHERE status = 'closed'")
    # A batch: SQLite cannot alter a check in place (nothing refers to these tables).
    with op.batch_alter_table("contact_request") as batch:
        batch.drop_constraint(op.f("ck_contact_request_status"), type_="check")
        batch.create_check_constraint("status", "status IN ('open', 'brokered', 'declined')")
    for table in _TABLES:
        for name, kind in _COLUMNS:
            op.add_column(table, sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            for name, _ in reversed(_COLUMNS):
                batch.drop_column(name)
    op.execute("UPDATE contact_request SET status = 'closed' WHERE status <> 'open'")
    with op.batch_alter_table("contact_request") as batch:
        batch.drop_constraint(op.f("ck_contact_request_status"), type_="check")
        batch.create_check_constraint("status", "status IN ('open', 'closed')")
