"""The directory's tables (DESIGN.md 3.1, after SI 2007/2182 Schedule 1).

SQLAlchemy Core rather than the ORM: the hot paths (bulk load, search, record view) are a
handful of explicit statements, and the shield projection works on plain dataclasses, so
nothing here should lazily load a field that a viewer may not see.

`search_entry` is derived: one row per name a child has had, with phonetic keys computed at
write time, so that every search is an index probe (DESIGN.md 3.4). Only
`directory.indexing` writes it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from contract.codes import (
    ConsentBasis,
    ShieldReason,
)
from directory.handles import HANDLE_LENGTH

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

GENDERS = ("female", "male", "not_specified")
ADDRESS_STATES = ("current", "last_known", "no_known_address", "left_england")
LEFT_ENGLAND_INTENTS = ("intends_to_return", "does_not_intend", "unknown")
ORGANISATION_KINDS = ("school", "gp_practice", "service")
SENSITIVE_CATEGORIES = ("sexual_health", "mental_health", "substance_misuse")
CONSENT_BASES: tuple[str, ...] = tuple(ConsentBasis)
USER_STATUSES = ("active", "suspended")
CHALLENGE_PURPOSES = ("login", "override")
SHIELD_REASONS: tuple[str, ...] = tuple(ShieldReason)


def enum_check(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


local_authority = Table(
    "local_authority",
    metadata,
    Column("code", String(9), primary_key=True),  # ONS GSS code, e.g. E08000035
    Column("name", String(100), nullable=False),
    Column("office_hours_phone", String(20), nullable=False),
    Column("out_of_hours_phone", String(20), nullable=False),
    Column("postcode_area", String(2), nullable=False),
)

organisation = Table(
    "organisation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(12), nullable=False),
    Column("name", String(200), nullable=False),
    Column("local_authority", String(9), ForeignKey("local_authority.code"), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("email", String(200)),
    Column("address", String(200)),
    Column("postcode", String(8)),
    # Set for services whose involvement is itself sensitive (DESIGN.md 3.1).
    Column("sensitive_category", String(20)),
    enum_check("kind", ORGANISATION_KINDS, "kind"),
    enum_check("sensitive_category", SENSITIVE_CATEGORIES, "sensitive_category"),
)

issued_id = Table(
    "issued_id",
    metadata,
    # Every ContactPoint ID ever issued (directory.cpid draws them at random): the row stays
    # after its child is purged, with purged_on set, so the unique cp_id is never reissued.
    # The serial is an internal row key, in issue order; it is never shown to anyone.
    Column("serial", BigInteger, primary_key=True, autoincrement=False),
    Column("cp_id", String(12), nullable=False, unique=True),
    Column("issued_on", Date, nullable=False),
    Column("purged_on", Date),
)

child = Table(
    "child",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("cp_id", String(12), ForeignKey("issued_id.cp_id"), nullable=False, unique=True),
    Column("family_name", String(100), nullable=False),
    Column("given_name", String(100), nullable=False),
    Column("middle_names", String(100)),
    Column("date_of_birth", Date, nullable=False),
    Column("gender", String(13), nullable=False),
    Column("address_line1", String(200)),
    Column("address_line2", String(200)),
    Column("town", String(100)),
    Column("postcode", String(8)),
    Column("address_state", String(16), nullable=False),
    Column("left_england_intent", String(17)),
    Column("date_of_death", Date),
    Column("responsible_la", String(9), ForeignKey("local_authority.code"), nullable=False),
    Column("school_id", Integer, ForeignKey("organisation.id")),
    Column("school_start_date", Date),
    Column("gp_id", Integer, ForeignKey("organisation.id")),
    Column("shielded_since", Date),
    Column("shielded_by", String(100)),
    Column("shield_reason", String(20)),
    Column("shield_review_date", Date),
    # The shield lifecycle (directory.shields.machine, migration 0010): a second officer
    # confirms, a lift is proposed and then confirmed by the team. `shielded_by` is who
    # placed it; the shield holds while shielded_since is set, whatever these say.
    Column("shield_confirmed_by", String(100)),
    Column("shield_confirmed_on", Date),
    Column("shield_lift_proposed_by", String(100)),
    Column("shield_lift_proposed_on", Date),
    Column("archived_on", Date),
    enum_check("gender", GENDERS, "gender"),
    enum_check("address_state", ADDRESS_STATES, "address_state"),
    enum_check("left_england_intent", LEFT_ENGLAND_INTENTS, "left_england_intent"),
    enum_check("shield_reason", SHIELD_REASONS, "shield_reason"),
    CheckConstraint(
        "(shielded_since IS NULL) = (shield_review_date IS NULL)", name="shield_complete"
    ),
    # The nightly retention run finds what to archive and purge through these, so it
    # never scans the table; each covers only the rows that rule can still select.
    *(
        Index(name, column, postgresql_where=text(where), sqlite_where=text(where))
        for name, column, where in (
            ("ix_child_live_birth", "date_of_birth", "archived_on IS NULL"),
            (
                "ix_child_live_death",
                "date_of_death",
                "archived_on IS NULL AND date_of_death IS NOT NULL",
            ),
            ("ix_child_archived_on", "archived_on", "archived_on IS NOT NULL"),
            # The reviews worklist: one authority's shields (directory.shields.reviews).
            ("ix_child_shielded_la", "responsible_la", "shielded_since IS NOT NULL"),
        )
    ),
)

former_name = Table(
    "former_name",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("child_id", BigInteger, ForeignKey("child.id"), nullable=False, index=True),
    Column("family_name", String(100), nullable=False),
    Column("given_name", String(100), nullable=False),
    Column("used_until", Date),
)

carer = Table(
    "carer",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("family_name", String(100), nullable=False),
    Column("given_name", String(100), nullable=False),
    Column("phone", String(20)),
    Column("email", String(200)),
    Column("address_line1", String(200)),
    Column("town", String(100)),
    Column("postcode", String(8)),
)

child_carer = Table(
    "child_carer",
    metadata,
    Column("child_id", BigInteger, ForeignKey("child.id"), primary_key=True),
    Column("carer_id", BigInteger, ForeignKey("carer.id"), primary_key=True, index=True),
    Column("relationship", String(30), nullable=False),
    Column("parental_responsibility", Boolean, nullable=False),
)

involvement = Table(
    "involvement",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    # What a viewer names it by (directory.handles); the id above never leaves the directory.
    Column("handle", String(HANDLE_LENGTH), nullable=False, unique=True),
    Column("child_id", BigInteger, ForeignKey("child.id"), nullable=False, index=True),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("practitioner_name", String(200)),
    Column("practitioner_role", String(100), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("email", String(200)),
    Column("start_date", Date, nullable=False),
    Column("ceased_date", Date),
    Column("lead_professional", Boolean, nullable=False),
    Column("caf", Boolean, nullable=False),
    Column("caf_started", Date),
    Column("caf_completed", Date),
    Column("sensitive_category", String(20)),
    Column("consent_basis", String(20)),
    enum_check("sensitive_category", SENSITIVE_CATEGORIES, "sensitive_category"),
    enum_check("consent_basis", CONSENT_BASES, "consent_basis"),
    CheckConstraint(
        "(sensitive_category IS NULL) = (consent_basis IS NULL)", name="sensitive_consent"
    ),
)

search_entry = Table(
    "search_entry",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("child_id", BigInteger, ForeignKey("child.id"), nullable=False, index=True),
    Column("former", Boolean, nullable=False),
    Column("family_norm", String(100), nullable=False),
    Column("given_norm", String(100), nullable=False),
    Column("family_key", String(24), nullable=False),
    Column("family_alt_key", String(8), nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("gender", String(13), nullable=False),
    Column("postcode_norm", String(8)),
    Column("postcode_district", String(4)),
    Index("ix_search_exact_dob", "family_norm", "date_of_birth"),
    Index("ix_search_exact_postcode", "family_norm", "postcode_norm"),
    Index("ix_search_exact_district", "family_norm", "postcode_district"),
    Index("ix_search_key_dob", "family_key", "date_of_birth"),
    Index("ix_search_key_district", "family_key", "postcode_district"),
    Index("ix_search_alt_dob", "family_alt_key", "date_of_birth"),
    Index("ix_search_alt_district", "family_alt_key", "postcode_district"),
)

audit_log = Table(
    "audit_log",
    metadata,
    # Assigned under the audit lock as previous + 1, never from a sequence, so that the
    # chain order is the commit order and a gap always means a removed row.
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("correlation_id", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # Per-user limits count a user's recent rows (directory.usage_limits).
    Index("ix_audit_log_actor_action_at", "actor", "action", "at"),
)

# --- Users, their token certificates, login challenges and sessions (DESIGN.md 3.7) -------
# Only directory.auth writes these. Instants are stored in UTC: SQLite keeps the wall time
# it is given and drops the offset, so every writer converts first.

app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("organisation_name", String(200), nullable=False),
    # The viewer's organisation for the sensitive-involvement rule (DESIGN.md 3.3).
    Column("organisation_id", Integer, ForeignKey("organisation.id")),
    Column("roles", String(200), nullable=False),  # comma-separated Role values
    # Required for management and shield officers: the authority their role is scoped to.
    Column("local_authority", String(9), ForeignKey("local_authority.code")),
    Column("status", String(9), nullable=False),
    Column("password_hash", String(200)),  # argon2id, PHC string; NULL: no password factor
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    enum_check("status", USER_STATUSES, "status"),
)

user_certificate = Table(
    "user_certificate",
    metadata,
    Column("fingerprint", String(64), primary_key=True),  # SHA-256 of the DER, hex
    Column("user_id", Integer, ForeignKey("app_user.id"), nullable=False, index=True),
    Column("der", LargeBinary, nullable=False),
    Column("not_before", DateTime(timezone=True), nullable=False),
    Column("not_after", DateTime(timezone=True), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

auth_challenge = Table(
    "auth_challenge",
    metadata,
    Column("id", String(64), primary_key=True),
    # Any parseable certificate gets a challenge (directory.auth.challenges: one answer
    # before proof of possession), so this names a certificate that may not be enrolled.
    Column("fingerprint", String(64), nullable=False),
    # The certificate as presented: its key verifies the signature whether or not it is
    # enrolled, so that a refusal is told only to whoever holds that key.
    Column("certificate", LargeBinary, nullable=False),
    # Why the sign-in will be refused once the signature verifies; NULL: nothing known yet.
    Column("refusal", String(40)),
    # The base64 text exactly as sent to the client: the signed message includes this text.
    Column("nonce", String(64), nullable=False),
    Column("purpose", String(8), nullable=False),
    Column("cp_id", String(12)),  # the record an override challenge is for
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    enum_check("purpose", CHALLENGE_PURPOSES, "purpose"),
    # The per-certificate rate limit counts a certificate's recent challenges through this.
    Index("ix_auth_challenge_fingerprint_created_at", "fingerprint", "created_at"),
    # Spent and expired challenges are removed by expiry (directory.auth.challenges).
    Index("ix_auth_challenge_expires_at", "expires_at"),
)

# Sign-in traffic counted per source and minute, so that the limits hold across every API
# worker and host without shared memory, and a flood of refusals costs the audit chain one
# row per source and minute (directory.auth.tally). `source` is "address:<host>" or
# "certificate:<fingerprint>"; `minute` is minutes since the Unix epoch, UTC.
challenge_tally = Table(
    "challenge_tally",
    metadata,
    Column("source", String(80), primary_key=True),
    Column("minute", BigInteger, primary_key=True, autoincrement=False),
    Column("count", Integer, nullable=False),
)

refusal_tally = Table(
    "refusal_tally",
    metadata,
    Column("source", String(80), primary_key=True),
    Column("minute", BigInteger, primary_key=True, autoincrement=False),
    Column("reason", String(40), primary_key=True),
    Column("count", Integer, nullable=False),
    # The audit row that carries this count is written once the minute is over.
    Column("audited", Boolean, nullable=False),
    Index("ix_refusal_tally_audited_minute", "audited", "minute"),
)

session = Table(
    "session",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the bearer token, hex
    Column("user_id", Integer, ForeignKey("app_user.id"), nullable=False, index=True),
    # The certificate that opened the session: every request re-checks its dates and its
    # revocation (directory.auth.sessions). NULL only for sessions opened before 0008.
    Column("certificate", String(64), ForeignKey("user_certificate.fingerprint")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("absolute_expiry", DateTime(timezone=True), nullable=False),
    # The idle timeout agreed at login (Policy.idle_minutes then), so that resolving a
    # token needs only the token: every API worker applies the same terms to a session.
    Column("idle_seconds", Integer, nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


# The management team's tables are defined in directory.team_schema, and the helpdesk's
# request log in directory.request_log, on this metadata; importing them here makes
# `metadata` whole wherever the schema is used.
import directory.request_log  # noqa: E402
import directory.team_schema  # noqa: E402, F401
