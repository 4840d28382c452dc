"""`make bench`: measure the directory on SQLite and PostgreSQL, and the desktop client on
the training directory, and write BENCHMARKS.md.

    python -m benchmarks [--children N] [--seed S] [--pg URL] [--out FILE]
    python -m benchmarks --only desktop      # rewrite only the desktop client's sections
    python -m benchmarks --only startup      # rewrite only the client-start section
    python -m benchmarks --only practitioner # card in to the lead's phone, at human pace
    python -m benchmarks --only request-log  # what the helpdesk's request log costs
    python -m benchmarks --only stalls       # the event loop's longest stalls, by phase

PostgreSQL gets a database of its own (cp_bench), dropped afterwards; SQLite a temporary
file. Each load runs in a separate process so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from benchmarks import (
    cache,
    desktop_client,
    http_api,
    practitioner,
    request_log,
    stalls,
    startup,
)
from benchmarks import directory_core as core
from benchmarks.machine import describe
from benchmarks.report import replace_section
from directory.database import connect

ROOT = Path(__file__).resolve().parents[1]


def _run_backend(label: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    print(f"[{label}] loading {args.children:,} children ...", flush=True)
    loaded = core.load(url, args.children, args.seed)
    engine = connect(url)
    try:
        people = core.samples(engine, core.QUERIES_PER_SHAPE, random.Random(args.seed))
        print(f"[{label}] searching ...", flush=True)
        searches = core.measure_searches(engine, people, args.seed)
        print(f"[{label}] viewing records ...", flush=True)
        views = core.measure_views(engine, people)
        plans = core.query_plans(engine, people, args.seed) if label == "PostgreSQL" else []
        http: dict[str, Any] | None = None
        if label == "PostgreSQL" and not args.skip_http:
            print(f"[{label}] HTTPS: token logins, views and searches under load ...", flush=True)
            with tempfile.TemporaryDirectory(prefix="cp-bench-http-") as folder:
                http = http_api.run(url, Path(folder), clients=args.clients)
        version = None
        if label == "PostgreSQL":
            with engine.connect() as conn:
                version = str(conn.execute(text("SHOW server_version")).scalar())
    finally:
        engine.dispose()
    return {
        "label": label,
        "load": loaded,
        "searches": searches,
        "views": views,
        "plans": plans,
        "version": version,
        "http": http,
    }


def _postgres(args: argparse.Namespace) -> dict[str, Any]:
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS cp_bench WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE cp_bench"))
    try:
        return _run_backend("PostgreSQL", args.pg.rsplit("/", 1)[0] + "/cp_bench", args)
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS cp_bench WITH (FORCE)"))
        admin.dispose()


def _sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cp-bench-") as folder:
        return _run_backend("SQLite", f"sqlite:///{folder}/directory.db", args)


def _table(result: dict[str, Any]) -> list[str]:
    load = result["load"]
    lines = [
        f"### {result['label']}",
        "",
        f"Load: {load['children']:,} children in {load['seconds']:.0f} s "
        f"({load['children'] / load['seconds']:,.0f} children/s), "
        f"peak RSS {load['peak_rss_mib']:,.0f} MiB.",
        f"`{load['summary']}`",
        "",
        "| search (through the service, audit row included) | p50 ms | p95 ms | p99 ms "
        "| recall | too many |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in result["searches"]:
        lines.append(
            f"| {s['shape']} | {s['p50']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} "
            f"| {s['recall']:.0%} | {s['too_many']:.0%} |"
        )
    v = result["views"]
    lines += [
        "",
        f"Record view with its audit write ({core.VIEWS:,} views): "
        f"p50 {v['p50']:.2f} ms, p95 {v['p95']:.2f} ms, p99 {v['p99']:.2f} ms.",
        "",
    ]
    lines += _http_table(result.get("http"))
    for name, plan in result["plans"]:
        lines += [
            f"<details><summary>Plan: {name}</summary>",
            "",
            "```",
            plan,
            "```",
            "</details>",
            "",
        ]
    return lines


def _http_table(http: dict[str, Any] | None) -> list[str]:
    if not http:
        return []
    logins = http["logins"]
    lines = [
        f"HTTPS, {http['workers']} uvicorn workers, clients in other processes on the same "
        "machine:",
        "",
        f"- Login with a SoftHSM token (challenge, token signature, session), "
        f"{http_api.LOGINS} logins: p50 {logins['p50']:.0f} ms, p95 {logins['p95']:.0f} ms.",
        "",
        "| load | clients | requests/s | p50 ms | p99 ms | statuses | audit rows written "
        "/ expected |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name in ("views", "searches"):
        r = http[name]
        lines.append(
            f"| record {name} | {r['clients']} | {r['per_second']:.0f} | {r['p50']:.1f} "
            f"| {r['p99']:.1f} | {r['statuses']} | {r['audit_rows']} / "
            f"{r['audit_rows_expected']} |"
        )
    return [*lines, ""]


DESKTOP_HEADING = "## Desktop client"


def _desktop() -> list[str]:
    print("[desktop] training directory, SoftHSM tokens, the client offscreen ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="cp-bench-desktop-") as folder:
        result = desktop_client.run(Path(folder))
    print("[desktop] the encrypted cache with a SoftHSM token ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="cp-bench-cache-") as folder:
        cached = cache.run(Path(folder))
    return [
        *desktop_client.table(result),
        *[
            line.replace("## ", "### ", 1) if line.startswith("## ") else line
            for line in cache.table(cached)
        ],
        "",
        f"Measured on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}.",
        "",
    ]


def _startup() -> list[str]:
    print("[startup] the client to its lock screen, idle and with one core busy ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="cp-bench-startup-") as folder:
        return startup.table(startup.run(Path(folder)))


def _practitioner() -> list[str]:
    print("[practitioner] card in to the lead's phone, keys at a person's pace ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="cp-bench-practitioner-") as folder:
        return practitioner.table(practitioner.run(Path(folder)))


def _stalls() -> list[str]:
    print("[stalls] the client's event loop while signing in, searching, opening ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="cp-bench-stalls-") as folder:
        return stalls.table(stalls.run(Path(folder)))


# What `--only NAME` measures, and the heading of the section it rewrites.
ONLY = {
    "desktop": (_desktop, DESKTOP_HEADING),
    "startup": (_startup, startup.STARTUP_HEADING),
    "practitioner": (_practitioner, practitioner.PRACTITIONER_HEADING),
    "stalls": (_stalls, stalls.STALLS_HEADING),
    # On the PostgreSQL server of --pg's default (a database of its own, dropped after).
    "request-log": (request_log.measure, request_log.HEADING),
}


def write(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    pg = next((r["version"] for r in results if r["version"]), None)
    lines = [
        "# Benchmarks",
        "",
        f"Run on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} with `make bench` "
        f"(`python -m benchmarks --children {args.children} --seed {args.seed}`).",
        "",
        *describe(pg),
        "",
        "Budgets, PostgreSQL at 1,000,000 children: fuzzy search p95 under 10 ms and a record "
        "view with audit under 5 ms (issue 2); 1,500 audited record views per second over "
        "HTTPS (issue 3). Recall is the share of queries whose intended "
        "child was among the matches; \"too many\" the share answered 'add a criterion'.",
        "",
    ]
    for result in results:
        lines += _table(result)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--backend", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTPS clients")
    parser.add_argument("--skip-http", action="store_true", help="directory core only")
    parser.add_argument("--only", choices=sorted(ONLY), help="measure one part, keep the rest")
    args = parser.parse_args()
    if args.only:
        measure, heading = ONLY[args.only]
        document = args.out.read_text() if args.out.exists() else "# Benchmarks\n"
        args.out.write_text(replace_section(document, heading, measure()))
        print(f"wrote {args.out}")
        return
    results = []
    if args.backend in ("both", "postgres"):
        results.append(_postgres(args))
    if args.backend in ("both", "sqlite"):
        results.append(_sqlite(args))
    document = write(results, args)
    for measure, heading in ONLY.values():
        document = replace_section(document, heading, measure())
    args.out.write_text(document)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
