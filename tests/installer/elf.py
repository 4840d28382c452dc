"""What a bundle's ELF files need from the machine: `ldd` on each, as the bundle runs them
(PyInstaller's bootloader puts `_internal` first on the library path), and the Debian
package that owns each library found outside the bundle."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
_RESOLVED = re.compile(r"^\s*(\S+) => (/\S+) \(0x[0-9a-f]+\)$")
_MISSING = re.compile(r"^\s*(\S+) => not found$")


@dataclass
class Needs:
    outside: dict[str, Path] = field(default_factory=dict)  # soname -> system file
    missing: dict[str, set[Path]] = field(default_factory=dict)  # soname -> bundle files


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def needs(bundle: Path) -> Needs:
    bundle = bundle.resolve()
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    result = Needs()
    for path in elf_files(bundle):
        done = subprocess.run(  # noqa: S603 - ldd on our own files
            ["ldd", str(path)],  # noqa: S607 - from PATH (libc-bin)
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for line in done.stdout.splitlines():
            if match := _RESOLVED.match(line):
                soname, target = match.group(1), Path(match.group(2)).resolve()
                if not target.is_relative_to(bundle):
                    result.outside[soname] = target
            elif match := _MISSING.match(line):
                result.missing.setdefault(match.group(1), set()).add(path)
    return result


def owner(path: Path) -> str | None:
    """The Debian package that installed `path` (under either spelling of a merged /usr)."""
    spellings = {str(path), str(path.resolve())}
    for spelling in list(spellings):
        if spelling.startswith("/usr/lib/"):
            spellings.add(spelling.removeprefix("/usr"))
        elif spelling.startswith("/lib/"):
            spellings.add("/usr" + spelling)
    for spelling in sorted(spellings):
        done = subprocess.run(  # noqa: S603 - dpkg-query on a library's path
            ["dpkg-query", "-S", spelling],  # noqa: S607 - from PATH (dpkg)
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].strip()
    return None
