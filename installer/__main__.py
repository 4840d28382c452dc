"""`python -m installer [--dist DIR] [--work DIR]`: what `make bundle` runs.

Builds the onedir bundle (DIR/contactpoint/, installer.freeze) and, from it, the Debian
package (DIR/contactpoint_<version>_amd64.deb, installer.debian). DIR is dist/ and the
PyInstaller work folder build/ in the source tree by default.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from installer.debian import build_deb
from installer.freeze import freeze

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer", description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    bundle = freeze(ROOT, dist=dist, work=work)
    deb = build_deb(bundle, root=ROOT, dist=dist, work=work)
    print(f"{bundle}\n{deb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
