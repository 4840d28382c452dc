"""What the helpdesk's request log costs (issue 13), on SQLite and PostgreSQL.

    python -m benchmarks --only request-log     # this section of BENCHMARKS.md alone

* One row: `RequestLog.write` alone, its own transaction, as the middleware's worker thread
  runs it.
* One request, in-process (Starlette's TestClient, one at a time): an unsigned request
  refused 401, the cheapest answer the API has, so the log's share is at its largest. The
  same app with the log and without it, request by request in turn. The TestClient waits
  for the whole ASGI call, so this is the worker's time; under uvicorn the client already
  has its answer when the row is written (directory.api.middleware).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from starlette.middleware import Middleware

from benchmarks.directory_core import percentiles
from directory.api import ApiSettings, create_app
from directory.api.middleware import RequestGuard
from directory.database import connect, migrate
from directory.request_log import RequestEntry, RequestLog
from directory.viewer import Role, Viewer

HEADING = "## Request log"
# The server `python -m benchmarks --pg` defaults to: `--only` parts take no options.
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ORIGIN = "https://127.0.0.1:8443"
ROWS = 2000
REQUESTS = 2000
WARM_UP = 100
_VIEWER = Viewer(
    "bench", frozenset({Role.PRACTITIONER}), organisation_id=1, organisation_name="Bench Council"
)


@contextmanager
def _databases(pg_admin_url: str) -> Iterator[list[tuple[str, str]]]:
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS cp_bench_request_log WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE cp_bench_request_log"))
    try:
        with tempfile.TemporaryDirectory(prefix="cp-bench-request-log-") as folder:
            yield [
                ("PostgreSQL", pg_admin_url.rsplit("/", 1)[0] + "/cp_bench_request_log"),
                ("SQLite", f"sqlite:///{folder}/directory.db"),
            ]
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS cp_bench_request_log WITH (FORCE)"))
        admin.dispose()


def _without_log(app: FastAPI) -> FastAPI:
    """The app as it was before issue 13: the same guard, no request log (before its first
    request, when Starlette builds the middleware stack)."""
    app.user_middleware = [
        Middleware(RequestGuard) if cast(object, m.cls) is RequestGuard else m
        for m in app.user_middleware
    ]
    return app


def _rows(engine: Engine) -> dict[str, float]:
    log = RequestLog(engine, clock=lambda: dt.datetime.now(dt.UTC))
    timings = []
    for i in range(WARM_UP + ROWS):
        cid = f"bench-row-{i:08d}"
        entry = RequestEntry(cid, "GET", "/v1/children/{cp_id}", 404, "not_found", 3.2, _VIEWER)
        started = time.perf_counter()
        log.write(entry)
        if i >= WARM_UP:
            timings.append(time.perf_counter() - started)
    return percentiles(timings)


def _requests(with_log: FastAPI, without: FastAPI) -> tuple[dict[str, float], dict[str, float]]:
    """Alternate the two apps request by request, so that whatever else the machine is
    doing weighs on both alike."""
    timings: tuple[list[float], list[float]] = ([], [])
    with TestClient(with_log, base_url=ORIGIN) as on, TestClient(without, base_url=ORIGIN) as off:
        for i in range(WARM_UP + REQUESTS):
            for client, kept in ((on, timings[0]), (off, timings[1])):
                started = time.perf_counter()
                response = client.get("/v1/children/000000000000")
                if i >= WARM_UP:
                    kept.append(time.perf_counter() - started)
                assert response.status_code == 401, response.text
    return percentiles(timings[0]), percentiles(timings[1])


def run(folder: Path, pg_admin_url: str) -> list[dict[str, Any]]:
    from smartcard import TrainingCA

    ca = TrainingCA.create(folder / "ca", "Bench")
    settings = ApiSettings(
        origin="https://127.0.0.1:8443", trusted_ca_files=(str(ca.certificate_path),)
    )
    results = []
    with _databases(pg_admin_url) as databases:
        for label, url in databases:
            engine = connect(url)
            try:
                migrate(engine)
                row = _rows(engine)
                on, off = _requests(
                    create_app(engine, settings), _without_log(create_app(engine, settings))
                )
                results.append({"label": label, "row": row, "with": on, "without": off})
            finally:
                engine.dispose()
    return results


def table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        HEADING,
        "",
        f"Issue 13: one row per request answered, written after the response. {ROWS:,} rows "
        f"written alone; {REQUESTS:,} unsigned requests (401) in-process, one at a time, the "
        "worker's time with the log and without it (a client under uvicorn does not wait for "
        "the row).",
        "",
        "| backend | one row p50 ms | p95 | p99 | request with log p50 ms | p95 "
        "| without p50 ms | p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        row, on, off = r["row"], r["with"], r["without"]
        lines.append(
            f"| {r['label']} | {row['p50']:.2f} | {row['p95']:.2f} | {row['p99']:.2f} "
            f"| {on['p50']:.2f} | {on['p95']:.2f} | {off['p50']:.2f} | {off['p95']:.2f} |"
        )
    return [*lines, "", f"Measured on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}.", ""]


def measure(pg_admin_url: str = PG_ADMIN_URL) -> list[str]:
    print("[request-log] one row, and a request with and without the log ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="cp-bench-request-log-ca-") as folder:
        return table(run(Path(folder), pg_admin_url))
