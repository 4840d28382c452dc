"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("correlation_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "carer",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("town", sa.String(length=100), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carer")),
    )
    op.create_table(
        "issued_id",
        sa.Column("serial", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("purged_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_issued_id")),
        sa.UniqueConstraint("cp_id", name=op.f("uq_issued_id_cp_id")),
    )
    op.create_table(
        "local_authority",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("office_hours_phone", sa.String(length=20), nullable=False),
        sa.Column("out_of_hours_phone", sa.String(length=20), nullable=False),
        sa.Column("postcode_area", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_local_authority")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("local_authority", sa.String(length=9), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("sensitive_category", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "kind IN ('school', 'gp_practice', 'service')", name=op.f("ck_organisation_kind")
        ),
        sa.CheckConstraint(
            "sensitive_category IN ('sexual_health', 'mental_health', 'substance_misuse')",
            name=op.f("ck_organisation_sensitive_category"),
        ),
        sa.ForeignKeyConstraint(
            ["local_authority"],
            ["local_authority.code"],
            name=op.f("fk_organisation_local_authority_local_authority"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "child",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("middle_names", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=13), nullable=False),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("address_line2", sa.String(length=200), nullable=True),
        sa.Column("town", sa.String(length=100), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("address_state", sa.String(length=16), nullable=False),
        sa.Column("left_england_intent", sa.String(length=17), nullable=True),
        sa.Column("date_of_death", sa.Date(), nullable=True),
        sa.Column("responsible_la", sa.String(length=9), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("school_start_date", sa.Date(), nullable=True),
        sa.Column("gp_id", sa.Integer(), nullable=True),
        sa.Column("shielded_since", sa.Date(), nullable=True),
        sa.Column("shielded_by", sa.String(length=100), nullable=True),
        sa.Column("shield_reason", sa.String(length=20), nullable=True),
        sa.Column("shield_review_date", sa.Date(), nullable=True),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "address_state IN ('current', 'last_known', 'no_known_address', 'left_england')",
            name=op.f("ck_child_address_state"),
        ),
        sa.CheckConstraint(
            "gender IN ('female', 'male', 'not_specified')", name=op.f("ck_child_gender")
        ),
        sa.CheckConstraint(
            "left_england_intent IN ('intends_to_return', 'does_not_intend', 'unknown')",
            name=op.f("ck_child_left_england_intent"),
        ),
        sa.CheckConstraint(
            "shield_reason IN ('domestic_violence', 'witness_protection', 'adoption_placement', 'risk_of_abduction', 'other_serious_risk')",
            name=op.f("ck_child_shield_reason"),
        ),
        sa.CheckConstraint(
            "(shielded_since IS NULL) = (shield_review_date IS NULL)",
            name=op.f("ck_child_shield_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["cp_id"], ["issued_id.cp_id"], name=op.f("fk_child_cp_id_issued_id")
        ),
        sa.ForeignKeyConstraint(
            ["gp_id"], ["organisation.id"], name=op.f("fk_child_gp_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_la"],
            ["local_authority.code"],
            name=op.f("fk_child_responsible_la_local_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["organisation.id"], name=op.f("fk_child_school_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child")),
        sa.UniqueConstraint("cp_id", name=op.f("uq_child_cp_id")),
    )
    op.create_table(
        "child_carer",
        sa.Column("child_id", sa.BigInteger(), nullable=False),
        sa.Column("carer_id", sa.BigInteger(), nullable=False),
        sa.Column("relationship", sa.String(length=30), nullable=False),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["carer.id"], name=op.f("fk_child_carer_carer_id_carer")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_child_carer_child_id_child")
        ),
        sa.PrimaryKeyConstraint("child_id", "carer_id", name=op.f("pk_child_carer")),
    )
    op.create_index(op.f("ix_child_carer_carer_id"), "child_carer", ["carer_id"], unique=False)
    op.create_table(
        "former_name",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("child_id", sa.BigInteger(), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("used_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_former_name_child_id_child")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_former_name")),
    )
    op.create_index(op.f("ix_former_name_child_id"), "former_name", ["child_id"], unique=False)
    op.create_table(
        "involvement",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("child_id", sa.BigInteger(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_name", sa.String(length=200), nullable=True),
        sa.Column("practitioner_role", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("ceased_date", sa.Date(), nullable=True),
        sa.Column("lead_professional", sa.Boolean(), nullable=False),
        sa.Column("caf", sa.Boolean(), nullable=False),
        sa.Column("caf_started", sa.Date(), nullable=True),
        sa.Column("caf_completed", sa.Date(), nullable=True),
        sa.Column("sensitive_category", sa.String(length=20), nullable=True),
        sa.Column("consent_basis", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "consent_basis IN ('child_consent', 'significant_harm')",
            name=op.f("ck_involvement_consent_basis"),
        ),
        sa.CheckConstraint(
            "sensitive_category IN ('sexual_health', 'mental_health', 'substance_misuse')",
            name=op.f("ck_involvement_sensitive_category"),
        ),
        sa.CheckConstraint(
            "(sensitive_category IS NULL) = (consent_basis IS NULL)",
            name=op.f("ck_involvement_sensitive_consent"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_involvement_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_involvement_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_involvement")),
    )
    op.create_index(op.f("ix_involvement_child_id"), "involvement", ["child_id"], unique=False)
    op.create_table(
        "search_entry",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("child_id", sa.BigInteger(), nullable=False),
        sa.Column("former", sa.Boolean(), nullable=False),
        sa.Column("family_norm", sa.String(length=100), nullable=False),
        sa.Column("given_norm", sa.String(length=100), nullable=False),
        sa.Column("family_key", sa.String(length=24), nullable=False),
        sa.Column("family_alt_key", sa.String(length=8), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=13), nullable=False),
        sa.Column("postcode_norm", sa.String(length=8), nullable=True),
        sa.Column("postcode_district", sa.String(length=4), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_search_entry_child_id_child")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
    )
    op.create_index(
        "ix_search_alt_district",
        "search_entry",
        ["family_alt_key", "postcode_district"],
        unique=False,
    )
    op.create_index(
        "ix_search_alt_dob", "search_entry", ["family_alt_key", "date_of_birth"], unique=False
    )
    op.create_index(op.f("ix_search_entry_child_id"), "search_entry", ["child_id"], unique=False)
    op.create_index(
        "ix_search_exact_district",
        "search_entry",
        ["family_norm", "postcode_district"],
        unique=False,
    )
    op.create_index(
        "ix_search_exact_dob", "search_entry", ["family_norm", "date_of_birth"], unique=False
    )
    op.create_index(
        "ix_search_exact_postcode", "search_entry", ["family_norm", "postcode_norm"], unique=False
    )
    op.create_index(
        "ix_search_key_district", "search_entry", ["family_key", "postcode_district"], unique=False
    )
    op.create_index(
        "ix_search_key_dob", "search_entry", ["family_key", "date_of_birth"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_search_key_dob", table_name="search_entry")
    op.drop_index("ix_search_key_district", table_name="search_entry")
    op.drop_index("ix_search_exact_postcode", table_name="search_entry")
    op.drop_index("ix_search_exact_dob", table_name="search_entry")
    op.drop_index("ix_search_exact_district", table_name="search_entry")
    op.drop_index(op.f("ix_search_entry_child_id"), table_name="search_entry")
    op.drop_index("ix_search_alt_dob", table_name="search_entry")
    op.drop_index("ix_search_alt_district", table_name="search_entry")
    op.drop_table("search_entry")
    op.drop_index(op.f("ix_involvement_child_id"), table_name="involvement")
    op.drop_table("involvement")
    op.drop_index(op.f("ix_former_name_child_id"), table_name="former_name")
    op.drop_table("former_name")
    op.drop_index(op.f("ix_child_carer_carer_id"), table_name="child_carer")
    op.drop_table("child_carer")
    op.drop_table("child")
    op.drop_table("organisation")
    op.drop_table("local_authority")
    op.drop_table("issued_id")
    op.drop_table("carer")
    op.drop_table("audit_log")
