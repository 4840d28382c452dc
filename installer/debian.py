"""The Debian package of the bundle: `dist/contactpoint_<version>_amd64.deb`.

    build_deb(bundle, root=..., dist=..., work=...) -> Path

    /opt/contactpoint/                        the PyInstaller bundle (installer.freeze)
    /usr/bin/contactpoint                     the launcher (installer/linux/launcher.sh)
    /usr/share/applications/contactpoint.desktop, and its icon in hicolor/scalable
    /etc/contactpoint/policy.json.example     the machine policy's template (a conffile)
    /usr/share/doc/contactpoint/policy.md     what each of its fields means

The bundle carries its own Python, Qt and most of the libraries Qt loads (PyInstaller
copies them in); DEPENDS are the ones it does not carry, which the machine must have
(tests/installer/test_bundle.py checks every library the bundle's files need against
them). The PKCS#11 module is the machine's own, named by the policy: OpenSC is
recommended, never required (an estate may use another vendor's module).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

PACKAGE = "contactpoint"
ARCHITECTURE = "amd64"
# Not bundled by PyInstaller (it leaves the C library and the GL/EGL drivers to the
# machine, whose drivers must match them), and needed by the bundle's Qt.
DEPENDS = (
    "libdrm2",
    "libegl1",
    "libgl1",
    "libglvnd0",
    "libglx0",
    "libxcb1",
    # Qt's Wayland client plugin needs these two, absent on the build machine (so not
    # bundled); without them a Wayland session falls back to X11 (XWayland).
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
)
# GTK for Qt's gtk3 platform theme (native dialogs and look), a smart-card stack for the
# policy's PKCS#11 module: on a desktop they are there, and the client runs without them.
RECOMMENDS = ("libgtk-3-0", "opensc-pkcs11", "pcscd")
MAINTAINER = "ContactPoint maintainers <contactpoint@example.invalid>"
DESCRIPTION = """\
ContactPoint desktop client
 The secure desktop client of the ContactPoint children's services directory:
 practitioners sign in with a security token and PIN. The machine policy is
 /etc/contactpoint/policy.json (template: policy.json.example beside it)."""

LINUX = Path(__file__).resolve().parent / "linux"
CONFFILES = ("/etc/contactpoint/policy.json.example",)


def version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def glibc_version() -> str:
    """The build machine's C library: the bundle's binaries need at least this one."""
    name, _, number = (os.confstr("CS_GNU_LIBC_VERSION") or "").partition(" ")
    if name != "glibc" or not number:
        raise RuntimeError("a Debian package is built on a glibc system")
    return number


def deb_name(root: Path) -> str:
    return f"{PACKAGE}_{version(root)}_{ARCHITECTURE}.deb"


def _installed_size_kib(tree: Path) -> int:
    return sum(p.lstat().st_size for p in tree.rglob("*") if not p.is_dir()) // 1024 + 1


def control(root: Path, tree: Path) -> str:
    depends = ", ".join((f"libc6 (>= {glibc_version()})", *DEPENDS))
    fields = {
        "Package": PACKAGE,
        "Version": version(root),
        "Architecture": ARCHITECTURE,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(_installed_size_kib(tree)),
        "Depends": depends,
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "misc",
        "Priority": "optional",
        "Description": DESCRIPTION,
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def _install(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def stage(bundle: Path, root: Path, tree: Path) -> None:
    """Lay out the package's files under `tree` (the future /)."""
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(bundle, tree / "opt" / PACKAGE, symlinks=True)
    _install(LINUX / "launcher.sh", tree / "usr/bin" / PACKAGE, 0o755)
    _install(
        LINUX / "contactpoint.desktop", tree / "usr/share/applications/contactpoint.desktop", 0o644
    )
    icon = root / "resources" / "contactpoint.svg"
    _install(icon, tree / "usr/share/icons/hicolor/scalable/apps/contactpoint.svg", 0o644)
    _install(LINUX / "policy.json.example", tree / "etc" / PACKAGE / "policy.json.example", 0o644)
    _install(LINUX / "policy.md", tree / "usr/share/doc" / PACKAGE / "policy.md", 0o644)
    for path in tree.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    debian = tree / "DEBIAN"
    debian.mkdir(mode=0o755)
    (debian / "control").write_text(control(root, tree), encoding="utf-8")
    (debian / "conffiles").write_text("".join(f"{c}\n" for c in CONFFILES), encoding="utf-8")


def build_deb(bundle: Path, *, root: Path, dist: Path, work: Path) -> Path:
    tree = work / "deb-root"
    stage(bundle, root, tree)
    deb = dist / deb_name(root)
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise RuntimeError("dpkg-deb is not installed (Debian package dpkg)")
    # gzip rather than the default xz: the package is built on every CI run, and xz takes
    # minutes on 200 MB for a few MB saved.
    subprocess.run(  # noqa: S603 - dpkg-deb by absolute path, our own arguments
        [dpkg_deb, "--root-owner-group", "-Zgzip", "-z6", "--build", str(tree), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return deb
