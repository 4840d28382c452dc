"""The `contactpoint` command: the desktop client, its training demo and its self-test.

The command line lives in desktop.cli, which may not import the widgets (DESIGN.md 2);
this module hands it the one function that opens them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop import cli
from ui.app import open_client


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_client=open_client)


if __name__ == "__main__":
    sys.exit(main())
