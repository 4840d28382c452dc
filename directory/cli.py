"""`contactpoint-directory`: the administrator's command line for the central directory.

Exit status: 0 success, 1 the operation found a problem (e.g. a broken audit chain),
2 bad usage or input (a refusal: unknown user, no request with that correlation id).
Messages name no child.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from directory.auth.policy import CHALLENGES_PER_ADDRESS_PER_MINUTE
from directory.database import connect, grant_service_role, migrate
from directory.errors import DirectoryError
from directory.usage_limits import DEFAULT_LIMITS, UsageLimits


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


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of `minimum` or more."""

    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of {minimum} or more")
        return value

    return whole_number


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


ADMINISTRATOR = "cli:administrator"  # the audit actor of every users command
HELPDESK = "cli:helpdesk"  # the audit actor of every support lookup at the command line


def cmd_support_lookup(args: argparse.Namespace) -> int:
    from directory.support import lookup
    from directory.viewer import Role, Viewer

    with _engine(args) as engine:
        found = lookup(
            engine,
            Viewer(HELPDESK, frozenset({Role.HELPDESK})),
            args.correlation_id,
            now=dt.datetime.now(dt.UTC),
            correlation_id=uuid.uuid4().hex,
        )
    print(json.dumps(found, indent=2))  # the API's answer, as it sends it
    return 0


def _read_password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    # One line; the newline that ends it is not part of the password.
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users_add(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.serialization import Encoding

    from directory.auth import add_user, load_trusted_cas, parse_certificate

    try:
        certificate = parse_certificate(Path(args.certificate).read_bytes())
    except (OSError, ValueError):
        raise ValueError(f"{args.certificate}: not a readable PEM or DER certificate") from None
    try:
        trusted = load_trusted_cas(args.trusted_ca)
    except OSError as exc:
        raise ValueError(f"{exc.filename}: cannot be read") from None
    password = _read_password(args)
    with _engine(args) as engine:
        user = add_user(
            engine,
            name=args.name,
            organisation_name=args.organisation,
            organisation_id=args.organisation_id,
            roles=args.roles,
            local_authority=args.local_authority,
            certificate_der=certificate.public_bytes(Encoding.DER),
            password=password,
            trusted=trusted,
            now=dt.datetime.now(dt.UTC),
            actor=ADMINISTRATOR,
        )
    print(f"enrolled {user.name}: {', '.join(user.roles)}")
    return 0


def cmd_users_suspend(args: argparse.Namespace) -> int:
    from directory.auth import suspend_user

    with _engine(args) as engine:
        user = suspend_user(engine, args.name, now=dt.datetime.now(dt.UTC), actor=ADMINISTRATOR)
    print(f"suspended {user.name}; their sessions have ended")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from directory.auth import list_users

    with _engine(args) as engine:
        users = list_users(engine)
    print("name\torganisation\troles\tlocal_authority\tstatus")
    for user in users:
        fields = (user.name, user.organisation, ",".join(user.roles))
        print("\t".join((*fields, user.local_authority or "-", user.status)))
    return 0


def _add_users_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[..., argparse.ArgumentParser],
) -> None:
    users = sub.add_parser("users", help="enrol, suspend and list users (audited)")
    users_sub = users.add_subparsers(dest="action", required=True)
    p = command("add", cmd_users_add, "enrol a user and their token certificate", into=users_sub)
    p.add_argument("--name", required=True, help="unique user name")
    p.add_argument("--organisation", required=True, help="organisation name as shown to users")
    p.add_argument(
        "--organisation-id", type=int, help="the organisation's id in the directory, if any"
    )
    p.add_argument("--roles", required=True, help="comma-separated, e.g. practitioner,override")
    p.add_argument(
        "--local-authority", help="authority code; required for management and shield_officer"
    )
    p.add_argument("--certificate", required=True, help="the token's certificate, PEM or DER")
    p.add_argument(
        "--trusted-ca",
        action="append",
        required=True,
        help="PEM file of trusted CA certificates (repeatable)",
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read a password (the optional fourth factor) from the first line of stdin",
    )
    p = command(
        "suspend", cmd_users_suspend, "suspend a user and end their sessions", into=users_sub
    )
    p.add_argument("--name", required=True)
    command("list", cmd_users_list, "list users (no certificates)", into=users_sub)


def cmd_serve(args: argparse.Namespace) -> int:
    from directory.api.server import serve

    serve(
        db=args.db,
        host=args.host,
        port=args.port,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        trusted_cas=args.trusted_ca,
        workers=args.workers,
        origin=args.origin,
        password_required=args.password_required,
        crl_files=args.crl,
        challenges_per_address=args.challenges_per_address,
        limits=UsageLimits(
            searches_per_minute=args.searches_per_minute,
            views_per_minute=args.views_per_minute,
            views_per_day=args.views_per_day,
        ),
        plain_http_on_loopback=args.plain_http_on_loopback,
    )
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
    p.add_argument("--children", type=_at_least(0), required=True)
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
    _add_users_commands(sub, command)
    support = sub.add_parser("support", help="the helpdesk's lookups (audited)")
    support_sub = support.add_subparsers(dest="action", required=True)
    p = command(
        "lookup",
        cmd_support_lookup,
        "what the directory answered the requests of one correlation id, as JSON",
        into=support_sub,
    )
    p.add_argument("correlation_id", metavar="CORRELATION_ID")
    p = command("serve", cmd_serve, "serve the HTTPS API (foreground, several workers)")
    p.add_argument("--tls-cert", help="server certificate (PEM)")
    p.add_argument("--tls-key", help="server private key (PEM)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8443)
    p.add_argument("--workers", type=_at_least(0), default=2)
    p.add_argument(
        "--trusted-ca",
        action="append",
        required=True,
        help="an organisation CA whose token certificates may log in (repeatable)",
    )
    p.add_argument("--origin", help="scheme://host:port as clients address the directory")
    p.add_argument(
        "--password-required",
        action="store_true",
        help="every user must also give a password (the fourth factor)",
    )
    for option, name, what in (
        ("--searches-per-minute", "searches_per_minute", "searches per minute"),
        ("--views-per-minute", "views_per_minute", "record views per minute"),
        ("--views-per-day", "views_per_day", "record views per 24 hours (then an alert)"),
    ):
        default = getattr(DEFAULT_LIMITS, name)
        p.add_argument(
            option,
            type=_at_least(1),
            default=default,
            help=f"per-user limit on {what}, against fishing (default {default})",
        )
    p.add_argument(
        "--crl",
        action="append",
        default=[],
        help="a trusted CA's certificate revocation list, PEM or DER, reloaded when it changes "
        "(repeatable; a FILE.crl beside a --trusted-ca FILE.pem is read too)",
    )
    p.add_argument(
        "--challenges-per-address",
        type=_at_least(1),
        default=CHALLENGES_PER_ADDRESS_PER_MINUTE,
        help="sign-in challenges one client address may ask for per minute "
        f"(default {CHALLENGES_PER_ADDRESS_PER_MINUTE})",
    )
    p.add_argument(
        "--plain-http-on-loopback",
        action="store_true",
        help="development only: allow plain HTTP on a loopback address",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DirectoryError as exc:
        # Refused input (unknown role, duplicate certificate, unknown user): usage errors.
        print(f"error: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
