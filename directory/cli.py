"""`contactpoint-directory`: the administrator's command line for the central directory.

Exit status: 0 success, 1 the operation found a problem (e.g. a broken audit chain),
2 bad usage or input. Messages name no child.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine

from directory.database import connect, grant_service_role, migrate


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Engine]:
    # Disposed on the way out: pooled connections left open warn (and fail warnings-as-errors
    # test runs) when garbage-collected, and a long-lived caller of main() would leak them.
    engine = connect(args.db)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("expected a number of 0 or more")
    return value


def cmd_migrate(args: argparse.Namespace) -> int:
    with _engine(args):
        print("schema is up to date")
    return 0


def cmd_populate(args: argparse.Namespace) -> int:
    from directory.population import populate

    with _engine(args) as engine:
        report = populate(engine, children=args.children, seed=args.seed)
    print(report.summary())
    return 0


def cmd_retention_run(args: argparse.Namespace) -> int:
    from directory.retention import run_retention

    with _engine(args) as engine:
        report = run_retention(engine, today=args.today or dt.date.today())
    print(report.summary())
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from directory.audit import verify

    with _engine(args) as engine:
        result = verify(engine)
    if result.ok:
        print(f"audit chain intact: {result.rows_checked} rows verified")
        return 0
    print(f"audit chain BROKEN at {result.problem}", file=sys.stderr)
    print(f"{result.rows_checked} rows verified before it", file=sys.stderr)
    return 1


def cmd_grant_role(args: argparse.Namespace) -> int:
    with _engine(args) as engine:
        grant_service_role(engine, args.role)
    print(f"role {args.role} may use the directory; audit rows are insert-only for it")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contactpoint-directory", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(
        name: str,
        handler: Callable[[argparse.Namespace], int],
        help_text: str,
        into: argparse._SubParsersAction[argparse.ArgumentParser] = sub,
    ) -> argparse.ArgumentParser:
        p = into.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "--db", required=True, help="database URL (sqlite:///FILE or postgresql://...)"
        )
        p.set_defaults(handler=handler)
        return p

    command("migrate", cmd_migrate, "create or upgrade the schema")
    p = command("populate", cmd_populate, "fill the directory with a synthetic population")
    p.add_argument("--children", type=_positive, required=True)
    p.add_argument("--seed", type=int, default=1)

    retention = sub.add_parser("retention", help="archive and purge records as policy says")
    retention_sub = retention.add_subparsers(dest="action", required=True)
    p = command(
        "run", cmd_retention_run, "archive and purge now (idempotent, audited)", into=retention_sub
    )
    p.add_argument("--today", type=_date, help="the date to apply the policy as of")

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="action", required=True)
    command(
        "verify",
        cmd_audit_verify,
        "check the hash chain; exit 1 naming the first bad row",
        into=audit_sub,
    )

    p = command(
        "grant-service-role",
        cmd_grant_role,
        "PostgreSQL: let a role run the service, audit rows insert-only",
    )
    p.add_argument("--role", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
