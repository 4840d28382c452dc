"""The directory over HTTPS: login with a SoftHSM token, and views and searches under load.

A real served directory (uvicorn, TLS, several workers, PostgreSQL) in one process; the
load comes from other processes on the same 2-core machine, so client and server share
the CPU and the figures are a floor, not a ceiling. Every view and search writes one
audit row: the benchmark counts the rows written and checks them against the responses.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import Engine, func, select

from benchmarks import directory_core as core
from contract.messages import login_message
from directory.auth import add_user
from directory.database import connect, migrate
from directory.schema import audit_log

# The directory allows one certificate 10 challenges a minute (Policy.challenges_per_minute).
LOGINS = 10
DURATION_SECONDS = 15.0


@dataclass(frozen=True)
class Served:
    url: str
    ca_file: str
    process: subprocess.Popen[bytes]


@dataclass(frozen=True)
class SoftwareCard:
    """A client for load generation: a software key stands in for a token (login is
    measured separately with a real SoftHSM token)."""

    key_pem: bytes
    certificate_der: bytes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db_url: str, folder: Path, ca: Any, workers: int) -> Served:
    server = ca.issue_server_certificate(folder / "tls")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "directory.cli",
            "serve",
            "--db",
            db_url,
            "--tls-cert",
            str(server.certificate_path),
            "--tls-key",
            str(server.key_path),
            "--trusted-ca",
            str(ca.certificate_path),
            "--port",
            str(port),
            "--workers",
            str(workers),
            # A load test is a harvest by design: lift the per-user limits so that it
            # measures the work, not the refusals.
            "--searches-per-minute",
            str(10**9),
            "--views-per-minute",
            str(10**9),
            "--views-per-day",
            str(10**9),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", verify=str(ca.certificate_path)).status_code == 200:
                return Served(url, str(ca.certificate_path), process)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the directory did not start within a minute")


def enrol_software_cards(engine: Engine, ca: Any, count: int, run_id: str) -> list[SoftwareCard]:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    cards = []
    now = dt.datetime.now(dt.UTC)
    for i in range(count):
        key = ec.generate_private_key(ec.SECP256R1())
        name = f"bench-client-{run_id}-{i}"
        certificate = ca.issue_user_certificate(key.public_key(), name, "Bench Council")
        der = certificate.public_bytes(Encoding.DER)
        add_user(
            engine,
            name=name,
            organisation_name="Bench Council",
            roles="practitioner",
            local_authority=None,
            certificate_der=der,
            password=None,
            trusted=[ca.certificate],
            now=now,
            actor="bench:administrator",
        )
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        cards.append(SoftwareCard(pem, der))
    return cards


def _login(client: httpx.Client, url: str, certificate_der: bytes, sign: Any) -> str:
    issued = client.post(
        "/v1/auth/challenges", json={"certificate": base64.b64encode(certificate_der).decode()}
    )
    issued.raise_for_status()
    body = issued.json()
    signature = sign(login_message(url, body["challenge_id"], body["nonce"]))
    opened = client.post(
        "/v1/auth/sessions",
        json={
            "challenge_id": body["challenge_id"],
            "signature": base64.b64encode(signature).decode(),
        },
    )
    opened.raise_for_status()
    return str(opened.json()["token"])


def measure_token_logins(served: Served, token: Any, certificate_der: bytes) -> dict[str, float]:
    """Challenge, signature by the SoftHSM token, session: what a practitioner waits for."""
    timings = []
    with httpx.Client(base_url=served.url, verify=served.ca_file) as client:
        for _ in range(LOGINS):
            started = time.perf_counter()
            _login(client, served.url, certificate_der, token.sign)
            timings.append(time.perf_counter() - started)
    return core.percentiles(timings)


def _client_run(args: tuple[str, str, SoftwareCard, str, list[Any], float, int]) -> dict[str, Any]:
    """One load-generating client: log in, then repeat the request until time is up."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    url, ca_file, card, kind, work, seconds, seed = args
    key = load_pem_private_key(card.key_pem, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    rng = random.Random(seed)
    timings: list[float] = []
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=url, verify=ca_file, timeout=30) as client:
        token = _login(
            client, url, card.certificate_der, lambda m: key.sign(m, ec.ECDSA(hashes.SHA256()))
        )
        headers = {"Authorization": f"Bearer {token}"}
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            item = rng.choice(work)
            started = time.perf_counter()
            if kind == "view":
                response = client.get(f"/v1/children/{item}", headers=headers)
            else:
                response = client.post("/v1/searches", headers=headers, json=item)
            timings.append(time.perf_counter() - started)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return {"timings": timings, "statuses": statuses}


def measure_load(
    served: Served,
    engine: Engine,
    cards: list[SoftwareCard],
    kind: str,
    work: list[Any],
    seconds: float = DURATION_SECONDS,
) -> dict[str, Any]:
    before = _audit_rows(engine)
    jobs = [
        (served.url, served.ca_file, card, kind, work, seconds, i) for i, card in enumerate(cards)
    ]
    with ProcessPoolExecutor(max_workers=len(cards)) as pool:
        results = list(pool.map(_client_run, jobs))
    timings = [t for r in results for t in r["timings"]]
    statuses: dict[int, int] = {}
    for r in results:
        for status, count in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    audited = _audit_rows(engine) - before
    # Every answered view or search (found or not) is audited; logins add one row each.
    expected = sum(c for s, c in statuses.items() if s in (200, 404)) + len(cards)
    return {
        "clients": len(cards),
        "requests": len(timings),
        "per_second": len(timings) / seconds,
        **core.percentiles(timings),
        "statuses": statuses,
        "audit_rows": audited,
        "audit_rows_expected": expected,
    }


def _audit_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)).scalar() or 0)


def search_work(people: list[core.Sample]) -> list[dict[str, Any]]:
    return [
        {
            "criteria": {
                "family_name": p.family_name,
                "date_of_birth": p.date_of_birth.isoformat(),
            },
            "mode": "exact",
        }
        for p in people
    ]


def run(db_url: str, folder: Path, clients: int = 8, workers: int = 2) -> dict[str, Any]:
    """Everything after the population is loaded into `db_url`."""
    os.environ["SOFTHSM2_CONF"] = str(folder / "softhsm" / "softhsm2.conf")
    from smartcard import TrainingCA, open_module, prepare_softhsm, provision_token

    ca = TrainingCA.create(folder / "ca", "Bench")
    home = prepare_softhsm(folder / "softhsm")
    run_id = uuid.uuid4().hex[:8]  # users are never deleted, so each run enrols its own
    provisioned = provision_token(
        home, ca, "bench", user_name=f"bench-token-{run_id}", organisation="Bench Council"
    )
    engine = connect(db_url)
    migrate(engine)
    now = dt.datetime.now(dt.UTC)
    add_user(
        engine,
        name=f"bench-token-{run_id}",
        organisation_name="Bench Council",
        roles="practitioner",
        local_authority=None,
        certificate_der=provisioned.certificate_der,
        password=None,
        trusted=[ca.certificate],
        now=now,
        actor="bench:administrator",
    )
    cards = enrol_software_cards(engine, ca, clients, run_id)
    people = core.samples(engine, 400, random.Random(7))
    served = start_server(db_url, folder, ca, workers)
    try:
        module = open_module(home.module)
        token = module.open_token("bench")
        token.login(bytearray(provisioned.user_pin.encode()))
        logins = measure_token_logins(served, token, provisioned.certificate_der)
        views = measure_load(served, engine, cards, "view", [p.cp_id for p in people])
        searches = measure_load(served, engine, cards, "search", search_work(people))
    finally:
        served.process.terminate()
        served.process.wait(timeout=30)
        engine.dispose()
    return {
        "workers": workers,
        "logins": logins,
        "views": views,
        "searches": searches,
    }
