"""Fixtures shared by every test package: the directory on SQLite and on PostgreSQL.

PostgreSQL tests create their own database and drop it afterwards. When the server cannot
be reached they skip on a developer's machine but fail loudly with CI=true, so that a CI
run can never pass by silently testing one backend.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from directory.database import connect, migrate

PG_ADMIN_URL = os.environ.get(
    "CONTACTPOINT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
# The desktop client's rig (fake cards, the directory in-process) for tests/desktop and tests/ui;
# the software TPM and its tokens for tests/smartcard and tests/e2e.
pytest_plugins = ["tests.desktop.rig", "tests.smartcard.tpm2_support"]
# Qt draws without a screen in tests (DEVELOPERS.md); set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _pg_unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is required in CI and is not usable: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


@contextlib.contextmanager
def temporary_postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped on exit."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"cp_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        _pg_unavailable(str(exc.orig).strip().splitlines()[0])
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with temporary_postgres_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'directory.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database on each backend in turn."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty directory on each backend in turn."""
    eng = connect(db_url)
    migrate(eng)
    try:
        yield eng
    finally:
        eng.dispose()
