"""The administrator's command line: exit codes and messages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text, update

from directory import audit
from directory.cli import main
from directory.database import connect, current_revision, head_revision
from directory.schema import audit_log, child
from tests.directory.builders import World


@pytest.fixture
def migrated(db_url: str) -> Iterator[Engine]:
    """The directory after `migrate` through the CLI, and an engine on it for the test."""
    assert main(["migrate", "--db", db_url]) == 0
    engine = connect(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _append(engine: Engine, n: int) -> None:
    with engine.begin() as conn:
        for i in range(n):
            audit.append(conn, actor="user:test", action="login", detail={}, correlation_id=str(i))


def test_migrate_creates_the_schema(
    migrated: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert current_revision(migrated) == head_revision()
    assert main(["migrate", "--db", db_url]) == 0  # again: nothing to do
    assert capsys.readouterr().out.strip().splitlines()[-1] == "schema is up to date"


def test_audit_verify_passes_an_intact_chain(
    migrated: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(migrated, 3)
    capsys.readouterr()

    assert main(["audit", "verify", "--db", db_url]) == 0
    assert capsys.readouterr().out == "audit chain intact: 3 rows verified\n"


def test_audit_verify_names_the_tampered_row(
    migrated: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(migrated, 3)
    with migrated.begin() as conn:
        # Bypass the append-only triggers as an attacker with file or superuser access.
        if migrated.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="user:x"))
    capsys.readouterr()

    assert main(["audit", "verify", "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("audit chain BROKEN at row 2:")
    assert "1 rows verified before it" in err


def test_retention_run_reports_counts(
    migrated: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cp_id = (
        World(migrated)
        .setup()
        .add_child(
            family_name="Quillfeather", given_name="Ottoline", date_of_birth=dt.date(2007, 1, 1)
        )
    )
    capsys.readouterr()

    assert main(["retention", "run", "--db", db_url, "--today", "2025-06-15"]) == 0

    out = capsys.readouterr().out
    assert out == (
        "retention as of 2025-06-15: 1 records archived, 0 records purged, "
        "0 request log rows deleted\n"
    )
    assert cp_id not in out and "Quillfeather" not in out
    (row,) = audit.rows(migrated)
    assert json.loads(row.detail)["archived_ids"] == [cp_id]


def test_retention_run_refuses_a_bad_date(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["retention", "run", "--db", sqlite_url, "--today", "2025-13-01"])

    assert exit_.value.code == 2
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_unknown_database_scheme_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--db", "mysql://root@localhost/directory"]) == 2
    assert capsys.readouterr().err == "error: The directory runs on SQLite or PostgreSQL only.\n"


def test_missing_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2


def test_populate_prints_counts_and_no_names(
    migrated: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["populate", "--db", db_url, "--children", "60", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "populated 60 children" in out
    with migrated.connect() as conn:
        names = conn.execute(select(child.c.family_name, child.c.given_name)).all()
    assert len(names) == 60
    assert not any(n.family_name in out or n.given_name in out for n in names)


def test_populate_refuses_a_negative_count(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["populate", "--db", db_url, "--children", "-5"])
    assert exit_.value.code == 2
    assert "0 or more" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "192.0.2.10"])  # noqa: S104
def test_serve_refuses_plain_http(
    sqlite_url: str, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["serve", "--db", sqlite_url, "--trusted-ca", "ca.pem", "--host", host]
    if host != "127.0.0.1":  # the development flag does not open plain HTTP off loopback
        args.append("--plain-http-on-loopback")
    assert main(args) == 2
    assert "serves HTTPS" in capsys.readouterr().err


def test_serve_hands_the_view_and_search_limits_to_every_worker(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directory.api.server import ENV_SETTINGS, app_from_environment
    from directory.usage_limits import UsageLimits
    from tests.directory.pki import TestCA

    # Serving for real is tested over TLS (tests/e2e); here only what the workers are given.
    monkeypatch.setenv(ENV_SETTINGS, "")  # restored after the test: serve() sets it
    monkeypatch.setattr("directory.api.server.uvicorn.run", lambda *args, **kwargs: None)
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(TestCA.create().pem)
    args = ["serve", "--db", sqlite_url, "--trusted-ca", str(ca_file), "--plain-http-on-loopback"]
    limits = ["--searches-per-minute", "6", "--views-per-minute", "12", "--views-per-day", "345"]
    assert main([*args, *limits]) == 0
    app = app_from_environment()
    assert app.state.settings.limits == UsageLimits(6, 12, 345)
    app.state.engine.dispose()


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_serve_refuses_a_limit_below_one(
    sqlite_url: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--db", sqlite_url, "--trusted-ca", "ca.pem", "--views-per-day", value])
    assert exit_.value.code == 2
    assert "1 or more" in capsys.readouterr().err
