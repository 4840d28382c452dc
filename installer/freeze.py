"""The PyInstaller onedir bundle of the client: `dist/contactpoint/`.

    args = pyinstaller_args(root, dist=..., work=...)   # the command line, for tests too
    freeze(root, dist=..., work=...)                     # runs PyInstaller -> dist/contactpoint

PyInstaller follows import statements, and much of the client is imported by name at
run time (desktop's and ui's PEP 562 maps, sync.cache, smartcard, importlib in functions),
so every module of the client's packages is named as a hidden import, found on disk
rather than by importing them. The reference directory (`directory`, and
`desktop.training`, which brings it in), tests/ and benchmarks/ are excluded: a client
machine gets no server code and no test code. The PKCS#11 module (OpenSC, SoftHSM) is the
machine's own, named by policy, and never bundled.
"""

from __future__ import annotations

from pathlib import Path

NAME = "contactpoint"
# The client's packages: everything in them is bundled, except EXCLUDED.
PACKAGES = ("contract", "devices", "desktop", "sync", "smartcard", "ui", "resources")
EXCLUDED = (
    "directory",
    "desktop.training",
    "tests",
    "benchmarks",
    "installer",
    # The test and build tools in the same virtual environment.
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "schemathesis",
    "mypy",
    "PyInstaller",
)
# Files of resources/ the client reads at run time (icons, Qt resource file).
RESOURCE_SUFFIXES = (".svg", ".qrc")


def _excluded(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in EXCLUDED)


def client_modules(root: Path) -> list[str]:
    """Every module of the client's packages under `root`, by name, less the excluded."""
    modules = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join(parts)
            if not _excluded(name):
                modules.append(name)
    return modules


def resource_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "resources").iterdir() if p.suffix in RESOURCE_SUFFIXES)


def pyinstaller_args(root: Path, *, dist: Path, work: Path) -> list[str]:
    args = [
        str(root / "installer" / "entry.py"),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        # The source tree first: an editable install is seen only through its import hook.
        "--paths",
        str(root),
        # importlib.metadata.version("contactpoint") in the diagnostics report.
        "--copy-metadata",
        NAME,
    ]
    for module in client_modules(root):
        args += ["--hidden-import", module]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    for path in resource_files(root):
        args += ["--add-data", f"{path}:resources"]
    return args


def freeze(root: Path, *, dist: Path, work: Path) -> Path:
    """Build the onedir bundle; its folder (`dist/contactpoint`)."""
    import PyInstaller.__main__

    PyInstaller.__main__.run(pyinstaller_args(root, dist=dist, work=work))
    return dist / NAME
