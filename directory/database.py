"""Engines, migrations and the service database role.

SQLite is the embedded default (training, local use); PostgreSQL is production. Both run
the same Alembic migrations. On SQLite every transaction starts with BEGIN IMMEDIATE: every
request writes an audit row, and taking the write lock up front turns a late
"database is locked" failure into a wait at the start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL

MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str | URL) -> URL:
    """Accept the URLs administrators type (postgresql://...) and pick our drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError("The directory runs on SQLite or PostgreSQL only.")
    return parsed


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def connect(url: str | URL, **kwargs: Any) -> Engine:
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, **kwargs)
        _configure_sqlite(engine)
        return engine
    # No pool_pre_ping: it costs a round trip on every checkout, and a request checks out
    # twice (session, then work). Connections are recycled before server-side timeouts
    # instead, and a connection lost anyway fails one request with 503 (directory.api),
    # after which SQLAlchemy has invalidated the pool.
    return create_engine(parsed, pool_recycle=1800, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event, not the driver, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (idempotent)."""
    command.upgrade(alembic_config(engine), revision)


def head_revision() -> str:
    """The newest migration this code ships."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None  # the migrations folder always has a head
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except Exception:
            return None
    return None if row is None else str(row[0])


# Tables the service reads and writes; audit_log is deliberately absent (insert-only).
_SERVICE_TABLES = (
    "local_authority",
    "organisation",
    "issued_id",
    "child",
    "former_name",
    "carer",
    "child_carer",
    "involvement",
    "search_entry",
    "app_user",
    "user_certificate",
    "auth_challenge",
    "challenge_tally",
    "refusal_tally",
    "session",
    "alert",
    "contact_request",
    "shield_request",
    "request_log",
)


def grant_service_role(engine: Engine, role: str) -> None:
    """Give a PostgreSQL role what the API workers need and no more.

    The role may read and insert audit rows but never update, delete or truncate them;
    the audit triggers refuse those even to the owner (DESIGN.md 3.5).
    """
    if not is_postgres(engine):
        raise ValueError("Database roles exist on PostgreSQL only.")
    if not role.replace("_", "").isalnum():
        raise ValueError("A role name is letters, digits and underscores.")
    with engine.begin() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).first()
        if exists is None:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        tables = ", ".join(_SERVICE_TABLES)
        conn.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO "{role}"'))
        # These ids are serials: an insert without an id draws from the table's sequence.
        for sequence in (
            "organisation_id_seq",
            "app_user_id_seq",
            "alert_id_seq",
            "contact_request_id_seq",
            "shield_request_id_seq",
            "request_log_id_seq",
        ):
            conn.execute(text(f'GRANT USAGE ON SEQUENCE {sequence} TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT ON audit_log TO "{role}"'))
        conn.execute(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM "{role}"'))
