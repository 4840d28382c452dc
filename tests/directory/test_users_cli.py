"""`contactpoint-directory users ...`: enrol, suspend, list; bad input exits 2."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from directory import audit
from directory.auth import Policy, issue_challenge, open_session
from directory.cli import main
from directory.database import connect
from directory.schema import audit_log
from tests.directory.builders import LA_NORTH, World
from tests.directory.pki import ORIGIN, Card, TestCA


@pytest.fixture
def db(db_url: str) -> Iterator[tuple[str, Engine]]:
    assert main(["migrate", "--db", db_url]) == 0
    engine = connect(db_url)
    World(engine).setup()
    try:
        yield db_url, engine
    finally:
        engine.dispose()


_YEAR = dt.timedelta(days=365)


@pytest.fixture
def ca() -> TestCA:
    # The CLI checks certificates against the real clock, so they are dated around it.
    now = dt.datetime.now(dt.UTC)
    return TestCA.create(not_before=now - _YEAR, not_after=now + _YEAR)


def card_for(ca: TestCA) -> Card:
    now = dt.datetime.now(dt.UTC)
    return ca.issue(not_before=now - dt.timedelta(days=1), not_after=now + _YEAR)


def files(tmp_path: Path, ca: TestCA, card: Card, *, pem: bool = True) -> tuple[Path, Path]:
    tmp_path.mkdir(exist_ok=True)
    ca_file, card_file = tmp_path / "ca.pem", tmp_path / ("card.pem" if pem else "card.der")
    ca_file.write_bytes(ca.pem)
    card_file.write_bytes(card.pem if pem else card.der)
    return ca_file, card_file


def add(url: str, ca_file: Path, card_file: Path, *extra: str) -> int:
    return main(
        [
            "users",
            "add",
            "--db",
            url,
            "--name",
            "zz-manager",
            "--organisation",
            "Zznorthtown Council",
            "--certificate",
            str(card_file),
            "--trusted-ca",
            str(ca_file),
            *extra,
        ]
    )


def test_add_list_suspend(
    db: tuple[str, Engine],
    ca: TestCA,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, engine = db
    now = dt.datetime.now(dt.UTC)
    card = ca.issue("rsa", not_before=now - dt.timedelta(days=1), not_after=now + _YEAR)
    ca_file, card_file = files(tmp_path, ca, card, pem=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))

    status = add(
        url,
        ca_file,
        card_file,
        "--roles",
        "management",
        "--local-authority",
        LA_NORTH,
        "--organisation-id",
        "3",
        "--password-stdin",
    )

    assert status == 0
    assert capsys.readouterr().out == "enrolled zz-manager: management\n"
    assert main(["users", "list", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "name\torganisation\troles\tlocal_authority\tstatus",
        f"zz-manager\tZznorthtown Council\tmanagement\t{LA_NORTH}\tactive",
    ]
    # The password read from stdin is the one the login checks.
    policy = Policy(password_required=True)
    challenge = issue_challenge(engine, card.der, [ca.certificate], now, policy)
    open_session(
        engine,
        challenge.challenge_id,
        card.sign_login(challenge),
        "a long enough password",
        ORIGIN,
        now,
        policy,
    )

    assert main(["users", "suspend", "--db", url, "--name", "zz-manager"]) == 0
    assert "suspended zz-manager" in capsys.readouterr().out
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.action).order_by(audit_log.c.seq)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("cli:administrator", "user_add"),
        ("user:zz-manager", "login"),
        ("cli:administrator", "user_suspend"),
    ]
    assert audit.verify(engine).ok


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--roles", "management"], "need the local authority"),
        (["--roles", "practitioner,wizard"], "Unknown role wizard"),
        (["--roles", "practitioner", "--local-authority", "E99999999"], "no local authority"),
    ],
)
def test_bad_enrolments_exit_2_with_a_message(
    db: tuple[str, Engine],
    ca: TestCA,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    url, _ = db
    ca_file, card_file = files(tmp_path, ca, card_for(ca))

    assert add(url, ca_file, card_file, *extra) == 2
    assert message in capsys.readouterr().err


def test_duplicate_untrusted_and_unreadable_certificates_exit_2(
    db: tuple[str, Engine], ca: TestCA, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = db
    ca_file, card_file = files(tmp_path, ca, card_for(ca))
    assert add(url, ca_file, card_file, "--roles", "practitioner") == 0
    capsys.readouterr()

    assert (
        main(
            [
                "users",
                "add",
                "--db",
                url,
                "--name",
                "zz-other",
                "--organisation",
                "Zzschool",
                "--roles",
                "practitioner",
                "--certificate",
                str(card_file),
                "--trusted-ca",
                str(ca_file),
            ]
        )
        == 2
    )
    assert "already enrolled" in capsys.readouterr().err

    other_ca_file, stranger_file = files(tmp_path / "x", TestCA.create("Zzother CA"), card_for(ca))
    assert add(url, other_ca_file, stranger_file, "--roles", "practitioner") == 2
    assert "not issued by a trusted authority" in capsys.readouterr().err

    junk = tmp_path / "junk.der"
    junk.write_bytes(b"junk")
    assert add(url, ca_file, junk, "--roles", "practitioner") == 2
    assert "not a readable PEM or DER certificate" in capsys.readouterr().err
    assert main(["users", "suspend", "--db", url, "--name", "zz-nobody"]) == 2
    assert "no user with that name" in capsys.readouterr().err
