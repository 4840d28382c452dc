"""alerts, contact requests and shield requests

Revision ID: 0005
Revises: 0004

The management team's worklist (override alerts) and the requests practitioners send it,
written only by directory.actions.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_SHIELD_REASONS = (
    "'domestic_violence', 'witness_protection', 'adoption_placement', "
    "'risk_of_abduction', 'other_serious_risk'"
)


def _common() -> list[sa.Column[Any]]:
    """The columns every worklist table starts with."""
    return [
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "alert",
        *_common(),
        sa.Column("local_authority", sa.String(length=9), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("handled_by", sa.String(length=100), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.CheckConstraint("kind IN ('override')", name=op.f("ck_alert_kind")),
        sa.CheckConstraint(
            "status IN ('open', 'acknowledged', 'closed')", name=op.f("ck_alert_status")
        ),
        sa.ForeignKeyConstraint(
            ["local_authority"],
            ["local_authority.code"],
            name=op.f("fk_alert_local_authority_local_authority"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
        sa.UniqueConstraint("reference", name=op.f("uq_alert_reference")),
    )
    op.create_index(
        "ix_alert_local_authority_status_created_at",
        "alert",
        ["local_authority", "status", "created_at"],
        unique=False,
    )
    op.create_table(
        "contact_request",
        *_common(),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("local_authority", sa.String(length=9), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("message", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_contact_request_status")),
        sa.ForeignKeyConstraint(
            ["local_authority"],
            ["local_authority.code"],
            name=op.f("fk_contact_request_local_authority_local_authority"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_request")),
        sa.UniqueConstraint("reference", name=op.f("uq_contact_request_reference")),
    )
    op.create_index(
        op.f("ix_contact_request_local_authority"),
        "contact_request",
        ["local_authority"],
        unique=False,
    )
    op.create_table(
        "shield_request",
        *_common(),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("local_authority", sa.String(length=9), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("reason_category", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.CheckConstraint(
            f"reason_category IN ({_SHIELD_REASONS})",
            name=op.f("ck_shield_request_reason_category"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'granted', 'declined')", name=op.f("ck_shield_request_status")
        ),
        sa.ForeignKeyConstraint(
            ["local_authority"],
            ["local_authority.code"],
            name=op.f("fk_shield_request_local_authority_local_authority"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shield_request")),
        sa.UniqueConstraint("reference", name=op.f("uq_shield_request_reference")),
    )
    op.create_index(
        op.f("ix_shield_request_local_authority"),
        "shield_request",
        ["local_authority"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_shield_request_local_authority"), table_name="shield_request")
    op.drop_table("shield_request")
    op.drop_index(op.f("ix_contact_request_local_authority"), table_name="contact_request")
    op.drop_table("contact_request")
    op.drop_index("ix_alert_local_authority_status_created_at", table_name="alert")
    op.drop_table("alert")
