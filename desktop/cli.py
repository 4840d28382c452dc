"""The `contactpoint` command.

    contactpoint training prepare --home DIR [--children N] [--seed S] [--db URL]
                                  [--port P] [--force]
    contactpoint training serve --home DIR

The desktop client itself (`contactpoint`, `contactpoint demo`, `--policy`,
`--diagnostics`) arrives with the desktop client; until then those say so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

CLIENT_PENDING = (
    "The ContactPoint desktop client (and 'contactpoint demo') arrives with the desktop "
    "client; for now use 'contactpoint training prepare' and 'contactpoint training serve'."
)


def _parser() -> argparse.ArgumentParser:
    # Defaults are repeated here rather than imported so that `--help` and the client's
    # start-up never load the directory and smartcard packages.
    parser = argparse.ArgumentParser(prog="contactpoint", description="ContactPoint")
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
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if arguments[:1] in (["-h"], ["--help"]):
        parser.print_help()
        return 0
    if arguments[:1] != ["training"]:
        # `demo`, `--policy`, `--diagnostics` and the bare command belong to the client.
        print(CLIENT_PENDING, file=sys.stderr)
        return 2
    return _training(parser.parse_args(arguments))


if __name__ == "__main__":
    sys.exit(main())
