"""The column order of every row the population writes, shared by generator and loader.

Rows travel as plain tuples, not dicts: at a million children that is tens of millions of
values, and tuples in a fixed order are what COPY and executemany want anyway.
"""

from __future__ import annotations

from typing import TypeAlias

Row: TypeAlias = tuple[object, ...]

ISSUED_ID = ("serial", "cp_id", "issued_on")
CARER = ("id", "family_name", "given_name", "phone", "email", "address_line1", "town", "postcode")
CHILD = (
    "id",
    "cp_id",
    "family_name",
    "given_name",
    "middle_names",
    "date_of_birth",
    "gender",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "address_state",
    "left_england_intent",
    "date_of_death",
    "responsible_la",
    "school_id",
    "school_start_date",
    "gp_id",
    "shielded_since",
    "shielded_by",
    "shield_reason",
    "shield_review_date",
    "shield_confirmed_by",
    "shield_confirmed_on",
    "archived_on",
)
CHILD_CARER = ("child_id", "carer_id", "relationship", "parental_responsibility")
FORMER_NAME = ("id", "child_id", "family_name", "given_name", "used_until")
INVOLVEMENT = (
    "id",
    "handle",
    "child_id",
    "organisation_id",
    "practitioner_name",
    "practitioner_role",
    "phone",
    "email",
    "start_date",
    "ceased_date",
    "lead_professional",
    "caf",
    "caf_started",
    "caf_completed",
    "sensitive_category",
    "consent_basis",
)
SEARCH_ENTRY = (
    "id",
    "child_id",
    "former",
    "family_norm",
    "given_norm",
    "family_key",
    "family_alt_key",
    "date_of_birth",
    "gender",
    "postcode_norm",
    "postcode_district",
)

# Foreign-key order: a table's parents are always written before it.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("issued_id", ISSUED_ID),
    ("carer", CARER),
    ("child", CHILD),
    ("child_carer", CHILD_CARER),
    ("former_name", FORMER_NAME),
    ("involvement", INVOLVEMENT),
    ("search_entry", SEARCH_ENTRY),
)
