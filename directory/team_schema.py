"""The management team's tables (DESIGN.md 3.6, 3.6.1): the alert worklist, the contact and
shield requests practitioners send it, and the notes of each step of a shield's life.

Defined on `directory.schema.metadata`, which imports this module so that the metadata
always holds them.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from contract.codes import AlertOutcome, AlertStatus, ContactRequestStatus, ShieldRequestStatus
from directory.handles import HANDLE_LENGTH
from directory.schema import SHIELD_REASONS, enum_check, metadata

# Only directory.actions writes these. Each row carries an opaque `handle` that the API names
# it by (its id stays internal) and a short random `reference` that people quote on the
# phone; rows hold the ContactPoint ID (which the management team looks up through the
# shield projection) and never a child's name or address. Instants are UTC.

# An override of a shield (a child's), or fishing: more record views than the directory
# allows one user in a day (a user's, with the counts; no child, directory.actions.fishing).
ALERT_KINDS = ("override", "fishing")
ALERT_STATUSES: tuple[str, ...] = tuple(AlertStatus)
ALERT_OUTCOMES: tuple[str, ...] = tuple(AlertOutcome)
CONTACT_REQUEST_STATUSES: tuple[str, ...] = tuple(ContactRequestStatus)
SHIELD_REQUEST_STATUSES: tuple[str, ...] = tuple(ShieldRequestStatus)

alert = Table(
    "alert",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("handle", String(HANDLE_LENGTH), nullable=False, unique=True),
    Column("reference", String(16), nullable=False, unique=True),
    # The child's responsible authority: its management team is the one that sees the alert.
    Column("local_authority", String(9), ForeignKey("local_authority.code"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("cp_id", String(12)),  # the overridden child; NULL for fishing, which names none
    Column("user_id", String(100), nullable=False),  # Viewer.user_id of the overrider
    Column("reason_code", String(40), nullable=False),
    Column("detail", Text),  # canonical JSON: a fishing alert's counts
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),
    Column("handled_by", String(100)),
    Column("handled_at", DateTime(timezone=True)),
    Column("note", String(2000)),
    Column("outcome", String(13)),  # set on closing (migration 0011)
    enum_check("kind", ALERT_KINDS, "kind"),
    enum_check("status", ALERT_STATUSES, "status"),
    enum_check("outcome", ALERT_OUTCOMES, "outcome"),
    CheckConstraint("(kind = 'override') = (cp_id IS NOT NULL)", name="child_for_kind"),
    # The worklist: one authority's alerts, open first, newest first.
    Index("ix_alert_local_authority_status_created_at", "local_authority", "status", "created_at"),
)

contact_request = Table(
    "contact_request",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("handle", String(HANDLE_LENGTH), nullable=False, unique=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("cp_id", String(12), nullable=False),
    Column(
        "local_authority", String(9), ForeignKey("local_authority.code"), nullable=False, index=True
    ),
    Column("user_id", String(100), nullable=False),  # Viewer.user_id of the requester
    Column("message", String(2000), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(8), nullable=False),
    # How the team or an officer decided it (directory.worklists, migration 0012).
    Column("handled_by", String(100)),
    Column("handled_at", DateTime(timezone=True)),
    Column("decision_note", String(2000)),
    enum_check("status", CONTACT_REQUEST_STATUSES, "status"),
)

shield_request = Table(
    "shield_request",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("handle", String(HANDLE_LENGTH), nullable=False, unique=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("cp_id", String(12), nullable=False),
    Column(
        "local_authority", String(9), ForeignKey("local_authority.code"), nullable=False, index=True
    ),
    Column("user_id", String(100), nullable=False),  # Viewer.user_id of the requester
    Column("reason_category", String(20), nullable=False),
    Column("note", String(2000), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(8), nullable=False),
    # How the team or an officer decided it (directory.worklists, migration 0012).
    Column("handled_by", String(100)),
    Column("handled_at", DateTime(timezone=True)),
    Column("decision_note", String(2000)),
    enum_check("reason_category", SHIELD_REASONS, "reason_category"),
    enum_check("status", SHIELD_REQUEST_STATUSES, "status"),
)


# What was said at each step of a shield's life (directory.shields): the notes people write
# are kept here, beside the child's ContactPoint ID, and never in the audit log, whose rows
# hold codes only. Only directory.shields writes it.
SHIELD_EVENTS = ("place", "grant", "confirm", "propose_lift", "confirm_lift", "renew")

shield_note = Table(
    "shield_note",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cp_id", String(12), nullable=False, index=True),
    Column("event", String(12), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", String(2000), nullable=False),
    enum_check("event", SHIELD_EVENTS, "event"),
)
