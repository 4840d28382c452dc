"""request log: one row per request answered, for the helpdesk's correlation-id lookup

Revision ID: 0013
Revises: 0012

Operational, not the audit: route template, method, status, error code, duration, worker
and the user's organisation and roles, kept 30 days (directory.request_log).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_log",
        # SQLite numbers rows itself only for an INTEGER PRIMARY KEY.
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("correlation_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("worker", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_log")),
    )
    op.create_index("ix_request_log_correlation_id", "request_log", ["correlation_id"])
    op.create_index("ix_request_log_at", "request_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_request_log_at", table_name="request_log")
    op.drop_index("ix_request_log_correlation_id", table_name="request_log")
    op.drop_table("request_log")
