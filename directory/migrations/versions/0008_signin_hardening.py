"""sign-in hardening: challenges for any certificate, tallies, the session's certificate

Revision ID: 0008
Revises: 0007

A challenge is now issued to any parseable certificate (one answer before proof of
possession), so auth_challenge loses its foreign key to user_certificate and keeps the
certificate it was issued to and the refusal it will end in. Pending challenges live a
minute; they are dropped rather than given a certificate they never recorded.
challenge_tally and refusal_tally count sign-in traffic per source and minute
(directory.auth.tally). session records the certificate that opened it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM auth_challenge"))
    with op.batch_alter_table("auth_challenge") as batch:
        batch.drop_constraint("fk_auth_challenge_fingerprint_user_certificate", type_="foreignkey")
        batch.add_column(sa.Column("certificate", sa.LargeBinary(), nullable=False))
        batch.add_column(sa.Column("refusal", sa.String(length=40), nullable=True))
    op.create_index("ix_auth_challenge_expires_at", "auth_challenge", ["expires_at"])
    op.create_table(
        "challenge_tally",
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("minute", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("source", "minute", name=op.f("pk_challenge_tally")),
    )
    op.create_table(
        "refusal_tally",
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("minute", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("audited", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("source", "minute", "reason", name=op.f("pk_refusal_tally")),
    )
    op.create_index("ix_refusal_tally_audited_minute", "refusal_tally", ["audited", "minute"])
    with op.batch_alter_table("session") as batch:
        batch.add_column(sa.Column("certificate", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            "fk_session_certificate_user_certificate",
            "user_certificate",
            ["certificate"],
            ["fingerprint"],
        )


def downgrade() -> None:
    with op.batch_alter_table("session") as batch:
        batch.drop_constraint("fk_session_certificate_user_certificate", type_="foreignkey")
        batch.drop_column("certificate")
    op.drop_index("ix_refusal_tally_audited_minute", table_name="refusal_tally")
    op.drop_table("refusal_tally")
    op.drop_table("challenge_tally")
    op.drop_index("ix_auth_challenge_expires_at", table_name="auth_challenge")
    # Challenges for certificates that are not enrolled cannot satisfy the old foreign key.
    op.execute(sa.text("DELETE FROM auth_challenge"))
    with op.batch_alter_table("auth_challenge") as batch:
        batch.drop_column("refusal")
        batch.drop_column("certificate")
        batch.create_foreign_key(
            "fk_auth_challenge_fingerprint_user_certificate",
            "user_certificate",
            ["fingerprint"],
            ["fingerprint"],
        )
