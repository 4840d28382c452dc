"""users, token certificates, login challenges and sessions

Revision ID: 0004
Revises: 0003

The tables of DESIGN.md 3.7, written only by directory.auth.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("local_authority", sa.String(length=9), nullable=True),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('active', 'suspended')", name=op.f("ck_app_user_status")),
        sa.ForeignKeyConstraint(
            ["local_authority"],
            ["local_authority.code"],
            name=op.f("fk_app_user_local_authority_local_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_app_user_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("name", name=op.f("uq_app_user_name")),
    )
    op.create_table(
        "user_certificate",
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_user_certificate_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("fingerprint", name=op.f("pk_user_certificate")),
    )
    op.create_index(
        op.f("ix_user_certificate_user_id"), "user_certificate", ["user_id"], unique=False
    )
    op.create_table(
        "auth_challenge",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("cp_id", sa.String(length=12), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('login', 'override')", name=op.f("ck_auth_challenge_purpose")
        ),
        sa.ForeignKeyConstraint(
            ["fingerprint"],
            ["user_certificate.fingerprint"],
            name=op.f("fk_auth_challenge_fingerprint_user_certificate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_challenge")),
    )
    op.create_index(
        "ix_auth_challenge_fingerprint_created_at",
        "auth_challenge",
        ["fingerprint", "created_at"],
        unique=False,
    )
    op.create_table(
        "session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("absolute_expiry", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_session_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_session")),
    )
    op.create_index(op.f("ix_session_user_id"), "session", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_session_user_id"), table_name="session")
    op.drop_table("session")
    op.drop_index("ix_auth_challenge_fingerprint_created_at", table_name="auth_challenge")
    op.drop_table("auth_challenge")
    op.drop_index(op.f("ix_user_certificate_user_id"), table_name="user_certificate")
    op.drop_table("user_certificate")
    op.drop_table("app_user")
