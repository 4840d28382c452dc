"""The bundle's entry point: the `contactpoint` command, as `ui.main:main` is from source.

The bundle carries the client and not the reference directory (installer.freeze leaves out
`directory` and `desktop.training`, the one place that brings it in), so `contactpoint
training ...` and `contactpoint demo` cannot run from it: where those packages are
missing, the two commands are refused with one sentence and exit status 2, before
desktop.cli would fail on the import with a traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Sequence

# What the bundle leaves out that some command may still try to import.
NOT_BUNDLED = ("directory", "desktop.training")
EXIT_USAGE = 2

NOT_IN_BUNDLE = (
    "contactpoint: the training commands ('training', 'demo') need the reference "
    "directory, which is not in this installed client. Run them from a source checkout "
    "(make demo), or point this client at a served training home with --policy FILE."
)

Main = Callable[[Sequence[str] | None], int]
# The commands that need NOT_BUNDLED, and the one top-level option that takes a value.
TRAINING_COMMANDS = ("training", "demo")
VALUED_OPTION = "--policy"


def command(argv: Sequence[str]) -> str | None:
    """The sub-command `argv` names (desktop.cli's parser: the first positional), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == VALUED_OPTION:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def directory_missing() -> bool:
    return any(importlib.util.find_spec(name) is None for name in NOT_BUNDLED)


def run(argv: Sequence[str] | None = None, main: Main | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if command(arguments) in TRAINING_COMMANDS and directory_missing():
        print(NOT_IN_BUNDLE, file=sys.stderr)
        return EXIT_USAGE
    if main is None:
        from ui.main import main as client_main

        return client_main(arguments)
    return main(arguments)


if __name__ == "__main__":
    sys.exit(run())
