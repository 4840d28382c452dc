"""The `contactpoint` command.

    contactpoint [--policy FILE]                 the desktop client
    contactpoint [--policy FILE] --self-test     check this machine against the policy
    contactpoint [--policy FILE] --diagnostics [--json]   the support report for the helpdesk
    contactpoint training prepare --home DIR [--children N] [--seed S] [--db URL]
                                  [--port P] [--force]
    contactpoint training serve --home DIR
    contactpoint demo [--home DIR] [--check]     prepare once, serve, open the client on it

Without --policy the client runs on the administrator's machine policy
(`desktop.policy.default_policy_path()`); `--policy FILE` runs it on a training policy,
which the machine policy may forbid. A policy that cannot be used stops the command with
its file and field named (exit status 2): there is never a silent default.

The windows live in `ui/`, which this package may not import, so the console script's
entry point (`ui.main`) passes the launcher in: `main(open_client=...)`. `python -m
desktop.cli` has no launcher and says where the client is started (`demo --check` needs
none). `--diagnostics [--json]` prints the support report (desktop.diagnostics).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.platform import HardeningReport, harden_process
from desktop.policy import (
    MachinePolicy,
    PolicyError,
    default_policy_path,
    load_effective_policy,
    load_training_policy,
)
from desktop.policy.source import note_policy_source
from desktop.settings import with_user_settings

NO_LAUNCHER = (
    "The desktop client is started with the 'contactpoint' command; "
    "'python -m desktop.cli' runs only --self-test and the training commands."
)
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2

log = logging.getLogger(__name__)

Launcher = Callable[[MachinePolicy], int]


def _parser() -> argparse.ArgumentParser:
    # Defaults are repeated here rather than imported so that `--help` and the client's
    # start-up never load the directory and smartcard packages.
    parser = argparse.ArgumentParser(prog="contactpoint", description="ContactPoint")
    parser.add_argument(
        "--policy",
        type=Path,
        metavar="FILE",
        help="run on this training policy instead of the machine policy",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check Qt, the PKCS#11 module, SQLCipher, the CA file and the directory; "
        "exit 0 if all pass",
    )
    parser.add_argument(
        "--diagnostics",
        action="store_true",
        help="print a support report (no personal data, never asks for a PIN); "
        "exit 0 if nothing needs a look",
    )
    parser.add_argument("--json", action="store_true", help="with --diagnostics: as JSON")
    commands = parser.add_subparsers(dest="command")
    training = commands.add_parser("training", help="a local training directory with tokens")
    actions = training.add_subparsers(dest="action", required=True)

    prepare = actions.add_parser(
        "prepare", help="make a training home: directory, CA, TLS certificate, tokens, users"
    )
    prepare.add_argument("--home", type=Path, required=True, help="the training home (DIR)")
    prepare.add_argument(
        "--children", type=int, default=8000, help="synthetic children (default 8000)"
    )
    prepare.add_argument("--seed", type=int, default=1, help="population seed (default 1)")
    prepare.add_argument("--db", help="database URL (default: SQLite in DIR/directory.db)")
    prepare.add_argument("--port", type=int, default=8443, help="HTTPS port (default 8443)")
    prepare.add_argument("--force", action="store_true", help="replace an existing home")

    serve = actions.add_parser("serve", help="serve a training home over TLS on 127.0.0.1")
    serve.add_argument("--home", type=Path, required=True, help="the training home (DIR)")

    demo = commands.add_parser(
        "demo", help="prepare a training home (once), serve it and open the client on it"
    )
    demo.add_argument(
        "--home", type=Path, help="the training home (default: in your user data folder)"
    )
    demo.add_argument(
        "--check",
        action="store_true",
        help="run the self-test against the served training directory instead of the client",
    )
    return parser


def _training(args: argparse.Namespace) -> int:
    from desktop import training
    from smartcard import TokenError

    try:
        if args.action == "prepare":
            prepared = training.prepare(
                args.home,
                children=args.children,
                seed=args.seed,
                db_url=args.db,
                port=args.port,
                force=args.force,
            )
            print(training.summary(prepared))
        else:
            training.serve_home(args.home)
    except (training.TrainingError, TokenError) as exc:
        print(f"contactpoint training {args.action}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _demo(
    args: argparse.Namespace,
    open_client: Launcher | None,
    harden: Callable[[], HardeningReport],
) -> int:
    from desktop.training import TrainingError
    from desktop.training.demo import default_home, run_demo
    from smartcard import TokenError

    launcher = _self_test if args.check else open_client
    if launcher is None:
        print(NO_LAUNCHER, file=sys.stderr)
        return EXIT_USAGE
    if not args.check:
        _log_hardening(harden())
    try:
        return run_demo(args.home or default_home(), launcher)
    except (TrainingError, TokenError, PolicyError) as exc:
        print(f"contactpoint demo: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _policy(training_file: Path | None) -> MachinePolicy:
    """The policy to run on; PolicyError for a malformed, refused or missing one."""
    path = default_policy_path()
    note_policy_source(training_file if training_file is not None else path)
    # Read even with --policy: the machine policy decides whether training is allowed.
    # On Windows Group Policy (HKLM\Software\Policies\ContactPoint) counts as well.
    machine = load_effective_policy(path=path)
    if training_file is not None:
        return load_training_policy(training_file, machine)
    if machine is None:
        where = " (nor Group Policy at HKLM\\Software\\Policies\\ContactPoint)"
        raise PolicyError(
            path,
            "does not exist"
            + (where if sys.platform == "win32" else "")
            + "; an administrator installs the machine policy there "
            "(for training, give --policy DIR/policy.json)",
        )
    return machine


def _self_test(policy: MachinePolicy) -> int:
    from desktop.selftest import run_self_test

    checks = run_self_test(policy)
    for check in checks:
        print(check.line)
    return EXIT_OK if all(check.ok for check in checks) else EXIT_CHECK_FAILED


def _diagnostics(machine: MachinePolicy, args: argparse.Namespace) -> int:
    from desktop.diagnostics import make_report

    path = args.policy if args.policy is not None else default_policy_path()
    report = make_report(machine, with_user_settings(machine), path)
    print(report.as_json() if args.json else report.text(), end="")
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def _log_hardening(report: HardeningReport) -> None:
    for line in report.lines():
        if report.complete:
            log.info("process hardening: %s", line)
        else:
            log.warning("process hardening: %s", line)


def _load(training_file: Path | None) -> MachinePolicy | None:
    try:
        return _policy(training_file)
    except PolicyError as exc:
        print(f"contactpoint: {exc}", file=sys.stderr)
        return None


def main(
    argv: Sequence[str] | None = None,
    *,
    open_client: Launcher | None = None,
    harden: Callable[[], HardeningReport] = harden_process,
) -> int:
    """Run the command; returns the exit status.

    `open_client` starts the desktop client on the policy and returns its exit status;
    `harden` is `harden_process`, replaceable so that tests do not harden their own process.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(arguments)
    except SystemExit as exc:  # --help (0), or a usage error argparse has printed (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.json and not args.diagnostics:
        print("contactpoint: --json goes with --diagnostics", file=sys.stderr)
        return EXIT_USAGE
    one_off = args.self_test or args.diagnostics
    if args.command == "training":
        if args.policy is not None or one_off:
            print("contactpoint: --policy and --self-test are not for 'training'", file=sys.stderr)
            return EXIT_USAGE
        return _training(args)
    if args.command == "demo":
        if args.policy is not None or one_off:
            print("contactpoint: 'demo' uses the training home's own policy", file=sys.stderr)
            return EXIT_USAGE
        return _demo(args, open_client, harden)
    if args.diagnostics:
        machine = _load(args.policy)
        return EXIT_USAGE if machine is None else _diagnostics(machine, args)
    if args.self_test:
        policy = _load(args.policy)
        return EXIT_USAGE if policy is None else _self_test(with_user_settings(policy))
    if open_client is None:
        print(NO_LAUNCHER, file=sys.stderr)
        return EXIT_USAGE
    # Before anything of the client exists in memory, so that none of it can be dumped.
    _log_hardening(harden())
    policy = _load(args.policy)
    return EXIT_USAGE if policy is None else open_client(policy)


if __name__ == "__main__":
    sys.exit(main())
