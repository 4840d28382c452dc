"""opaque handles for involvements, alerts, contact requests and shield requests

Revision ID: 0007
Revises: 0006

The API names these rows by a random handle (directory.handles) instead of their id, whose
consecutive values showed hidden rows as gaps (issue 9). Existing rows get fresh random
handles from the same function the directory uses; ids and ContactPoint IDs are untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from directory.handles import HANDLE_LENGTH, new_handle

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("involvement", "alert", "contact_request", "shield_request")
# Rows backfilled per executemany: bounded memory on a directory of millions of involvements.
_CHUNK = 10_000


def _backfill(name: str) -> None:
    conn = op.get_bind()
    rows = sa.table(name, sa.column("id", sa.BigInteger()), sa.column("handle", sa.String()))
    ids = [int(i) for i in conn.execute(sa.select(rows.c.id).order_by(rows.c.id)).scalars()]
    statement = (
        sa.update(rows)
        .where(rows.c.id == sa.bindparam("row_id"))
        .values(handle=sa.bindparam("new_handle"))
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(statement, [{"row_id": i, "new_handle": new_handle()} for i in chunk])


def upgrade() -> None:
    for name in TABLES:
        op.add_column(name, sa.Column("handle", sa.String(length=HANDLE_LENGTH), nullable=True))
        _backfill(name)
        # Batch mode: SQLite cannot add NOT NULL to a column in place, so it copies the table;
        # PostgreSQL gets plain ALTER statements.
        with op.batch_alter_table(name) as batch:
            batch.alter_column(
                "handle", existing_type=sa.String(length=HANDLE_LENGTH), nullable=False
            )
            batch.create_unique_constraint(op.f(f"uq_{name}_handle"), ["handle"])


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_constraint(op.f(f"uq_{name}_handle"), type_="unique")
            batch.drop_column("handle")
