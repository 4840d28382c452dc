"""The .deb `make bundle` builds: its control fields, its files, what its libraries need."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from installer import debian
from tests.installer.built import ROOT, Built, dpkg_deb
from tests.installer.elf import needs, owner

# Libraries some bundled Qt plugin needs that the build machine lacks (so PyInstaller could
# not bundle them), with the package that brings each: Wayland's two (Depends) and GTK's
# for the gtk3 platform theme (Recommends). Any other missing library is a new gap.
ABSENT_ON_BUILD_MACHINE = {
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libgtk-3.so.0": "libgtk-3-0",
    "libgdk-3.so.0": "libgtk-3-0",
}


def _field(control: str, name: str) -> str:
    for line in control.splitlines():
        if line.startswith(f"{name}: "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"no {name} in\n{control}")


def _packages(field: str) -> set[str]:
    return {item.split()[0] for item in field.split(", ")}


def _control(built: Built) -> str:
    return dpkg_deb("--field", str(built.deb)).decode()


def test_the_control_names_the_version_architecture_and_dependencies(built: Built) -> None:
    control = _control(built)
    assert _field(control, "Package") == "contactpoint"
    version = debian.version(ROOT)  # pyproject.toml's
    assert _field(control, "Version") == version
    assert built.deb.name == f"contactpoint_{version}_amd64.deb"
    assert _field(control, "Architecture") == "amd64"
    depends = _field(control, "Depends")
    glibc = os.confstr("CS_GNU_LIBC_VERSION")
    assert glibc is not None and f"libc6 (>= {glibc.split()[1]})" in depends
    assert {"libegl1", "libgl1", "libxcb1"} <= _packages(depends)
    # The PKCS#11 module is the machine's, named by policy: recommended, never required.
    assert "opensc-pkcs11" in _packages(_field(control, "Recommends"))
    assert "opensc" not in depends and "softhsm" not in depends


def test_every_library_the_bundle_needs_from_the_machine_is_a_dependency(built: Built) -> None:
    control = _control(built)
    depends = _packages(_field(control, "Depends"))
    recommends = _packages(_field(control, "Recommends"))
    found = needs(built.installed)
    owners = {soname: owner(path) for soname, path in found.outside.items()}
    assert None not in owners.values(), owners
    assert set(owners.values()) <= depends, set(owners.values()) - depends
    assert set(found.missing) <= set(ABSENT_ON_BUILD_MACHINE), found.missing
    for soname in found.missing:
        assert ABSENT_ON_BUILD_MACHINE[soname] in depends | recommends, soname


def test_the_package_installs_the_bundle_launcher_desktop_entry_icon_and_policy(
    built: Built,
) -> None:
    root = built.root
    assert os.access(built.installed / "contactpoint", os.X_OK)
    assert os.access(root / "usr/bin/contactpoint", os.X_OK)
    entry = (root / "usr/share/applications/contactpoint.desktop").read_text(encoding="utf-8")
    assert "Exec=contactpoint\n" in entry and "Icon=contactpoint\n" in entry
    icon = root / "usr/share/icons/hicolor/scalable/apps/contactpoint.svg"
    assert icon.read_bytes() == (ROOT / "resources/contactpoint.svg").read_bytes()
    example = root / "etc/contactpoint/policy.json.example"
    assert example.read_bytes() == (ROOT / "installer/linux/policy.json.example").read_bytes()
    # An installed machine policy is the administrator's: the package never ships one.
    assert not (root / "etc/contactpoint/policy.json").exists()
    conffiles = dpkg_deb("--ctrl-tarfile", str(built.deb))
    assert b"./conffiles" in conffiles


def test_the_bundle_has_qt_plugins_sqlcipher_certifi_and_icons(built: Built) -> None:
    internal = built.installed / "_internal"
    platforms = internal / "PySide6/Qt/plugins/platforms"
    assert (platforms / "libqxcb.so").is_file() and (platforms / "libqoffscreen.so").is_file()
    assert list((internal / "sqlcipher3").glob("_sqlite3*.so"))
    assert (internal / "certifi/cacert.pem").is_file()
    for name in ("contactpoint", "shield", "lead-professional", "lock"):
        assert (internal / "resources" / f"{name}.svg").is_file()
    assert (internal / "resources/contactpoint.qrc").is_file()


def _bundled_modules(executable: Path) -> set[str]:
    viewer = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "pyi-archive_viewer"
    if not viewer.exists():
        viewer = ROOT / ".venv/bin/pyi-archive_viewer"
    listing = subprocess.run(  # noqa: S603 - PyInstaller's own viewer on our bundle
        [str(viewer), "--recursive", "--brief", str(executable)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.strip() for line in listing.splitlines() if line.startswith(" ")}


def test_no_server_test_or_build_code_is_in_the_bundle(built: Built) -> None:
    modules = _bundled_modules(built.installed / "contactpoint")
    # The client's lazily imported modules are there...
    assert {"ui.main", "ui.app", "desktop.cli", "desktop.selftest", "sync.cache"} <= modules
    # ...and nothing of the directory, the tests, the benchmarks or their tools.
    banned = ("directory", "desktop.training", "tests", "benchmarks", "pytest", "hypothesis")
    leaked = sorted(m for m in modules if any(m == b or m.startswith(b + ".") for b in banned))
    assert not leaked
    internal = built.installed / "_internal"
    assert not [p for p in internal.rglob("*") if p.name in {"tests", "directory", "benchmarks"}]


def test_no_pkcs11_module_is_bundled(built: Built) -> None:
    # The policy names the machine's module (OpenSC, SoftHSM, a vendor's): a copy in the
    # bundle would be one nobody updates. python-pkcs11's own binding is not a module.
    modules = ("opensc-pkcs11", "libsofthsm2", "libtpm2_pkcs11", "onepin-opensc-pkcs11")
    bundled = [p.name for p in built.installed.rglob("*.so*") if p.name.startswith(modules)]
    assert not bundled
    assert list((built.installed / "_internal/pkcs11").glob("_pkcs11*.so"))
