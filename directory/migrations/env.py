"""Alembic environment: the engine is handed in by directory.database.migrate."""

from __future__ import annotations

from alembic import context

from directory.schema import metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    context.run_migrations()
