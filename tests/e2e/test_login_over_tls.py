"""End to end: a prepared training home, served over TLS in a child process, and a client
child process that logs in with a real SoftHSM token (DESIGN.md 3.7), on SQLite and on
PostgreSQL.

Both sides are child processes: the server so that it is the real `training serve`
(uvicorn workers and all), the client because a PKCS#11 library reads SOFTHSM2_CONF once
per process and this one may already have loaded SoftHSM for the smartcard tests.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from desktop.training.layout import SOURCE_ROOT
from directory.database import connect
from directory.schema import app_user, session
from smartcard import TrainingCA
from tests.e2e.served import BACKENDS, Served, serve_on


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """One served home per backend for the module (preparing one takes most of the time)."""
    yield from serve_on(request.param, tmp_path_factory)


def _client(served: Served, *args: str) -> tuple[int, dict[str, Any]]:
    home = str(served.prepared.layout.home)
    done = subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [sys.executable, "-m", "tests.e2e.token_client", *args, "--home", home],
        env={**os.environ, "SOFTHSM2_CONF": served.manifest["softhsm2_conf"]},
        cwd=SOURCE_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def _sessions(served: Served, name: str) -> int:
    engine = connect(served.prepared.db_url)
    try:
        with engine.connect() as conn:
            count = conn.scalar(
                select(func.count())
                .select_from(session)
                .join(app_user, app_user.c.id == session.c.user_id)
                .where(app_user.c.name == name)
            )
    finally:
        engine.dispose()
    return int(count or 0)


def test_a_practitioner_logs_in_with_the_token_and_finds_the_scenarios(served: Served) -> None:
    teacher = served.user("teacher")
    scenarios = served.manifest["scenarios"]

    pin = teacher["pin"]
    wrong = str((int(pin) + 1) % 10 ** len(pin)).zfill(len(pin))
    status, refused = _client(served, "login", "--user", "teacher", "--pin", wrong)
    assert (status, refused) == (1, {"error": "WrongPin"})
    assert _sessions(served, teacher["name"]) == 0

    status, result = _client(served, "login", "--user", "teacher")
    assert status == 0, result
    assert result["user"] == {
        "name": teacher["name"],
        "organisation": teacher["organisation"],
        "roles": ["practitioner"],
        "local_authority": None,
    }
    assert _sessions(served, teacher["name"]) == 1

    ordinary = result["ordinary"]
    assert {"cp_id": scenarios["ordinary"]["cp_id"], "shielded": False} in ordinary["matches"]
    assert ordinary["level"] == "standard" and ordinary["has_address"]

    shielded = result["shielded"]
    assert {"cp_id": scenarios["shielded"]["cp_id"], "shielded": True} in shielded["matches"]
    assert shielded["level"] == "shielded" and not shielded["has_address"]
    assert result["signed_out"] == 204


def test_the_directory_is_https_only_and_trusts_only_its_own_ca(
    served: Served, tmp_path: Path
) -> None:
    other = TrainingCA.create(tmp_path / "other-ca", "Other")
    for verify in (
        ssl.create_default_context(cafile=str(other.certificate_path)),
        ssl.create_default_context(),  # the system's CAs do not know the training CA
    ):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{served.url}/healthz", verify=verify, timeout=5)
    with pytest.raises(httpx.TransportError):
        httpx.get(served.url.replace("https://", "http://") + "/healthz", timeout=5)


def test_training_serve_writes_an_access_line_per_request_and_no_traceback(
    served: Served,
) -> None:
    verify = ssl.create_default_context(cafile=served.manifest["ca_file"])
    first, second = "zz" + "1" * 30, "zz" + "2" * 30
    # One connection: uvicorn reads the second request only after the first one's ASGI call
    # (whose last act is the access line) has returned, so the first line is written by the
    # time the second answer arrives. A malformed certificate and an unknown route too.
    with httpx.Client(base_url=served.url, verify=verify, timeout=10) as client:
        refused = client.post(
            "/v1/auth/challenges",
            json={"certificate": "MIIBzzCCAXWgAwIBAgIBBzAKBggqhkjOPQQDAjA="},
            headers={"x-correlation-id": first},
        )
        unknown = client.get("/v1/no-such-route/000000000019")
        client.get("/healthz", headers={"x-correlation-id": second})
    assert refused.status_code == 401 and unknown.status_code == 404
    log = served.log.read_text(errors="replace")
    assert "POST /v1/auth/challenges 401" in log and f"cid={first}" in log
    assert "GET (unmatched) 404" in log
    assert "Traceback" not in log
    assert "000000000019" not in log  # route templates only, never the raw path
