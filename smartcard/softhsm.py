"""An isolated SoftHSM2 installation in one directory: its configuration and its tokens.

Never touches the system's /etc/softhsm: every softhsm2-util run and every process that
loads libsofthsm2 gets SOFTHSM2_CONF pointing at DIR/softhsm2.conf.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from smartcard.errors import ModuleMissing, ProvisioningFailed

# Where Debian/Ubuntu, Fedora and Homebrew put the module, in that order.
MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)


def find_module() -> Path:
    """The SoftHSM2 PKCS#11 module; SOFTHSM2_MODULE overrides the usual places."""
    override = os.environ.get("SOFTHSM2_MODULE")
    for candidate in (override,) if override else MODULE_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise ModuleMissing("The SoftHSM2 PKCS#11 module is not installed (package softhsm2).")


@dataclass(frozen=True)
class SoftHSMHome:
    """DIR/softhsm2.conf and DIR/tokens; any number of tokens share them."""

    directory: Path
    module: Path

    @property
    def conf_path(self) -> Path:
        return self.directory / "softhsm2.conf"

    @property
    def token_dir(self) -> Path:
        return self.directory / "tokens"

    def environment(self) -> dict[str, str]:
        """This process's environment with SOFTHSM2_CONF pointing here, for a child process."""
        return {**os.environ, "SOFTHSM2_CONF": str(self.conf_path)}


def prepare(directory: Path, module: Path | None = None) -> SoftHSMHome:
    """Write DIR/softhsm2.conf (idempotent) and create DIR/tokens."""
    home = SoftHSMHome(directory.resolve(), module or find_module())
    home.token_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # slots.removable stays false: SoftHSM cannot simulate removal anyway (the fake token does).
    home.conf_path.write_text(
        f"directories.tokendir = {home.token_dir}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    return home


def init_token(home: SoftHSMHome, label: str, so_pin: str, user_pin: str) -> None:
    """Initialise the next free slot's token with softhsm2-util.

    The PINs go on softhsm2-util's command line (it has no other non-interactive way), so
    they are visible to other local users in the process list for a moment: acceptable for
    training PINs only.
    """
    tool = shutil.which("softhsm2-util")
    if tool is None:
        raise ModuleMissing("softhsm2-util is not installed (package softhsm2).")
    # fmt: off
    command = [tool, "--init-token", "--free", "--label", label,
               "--so-pin", so_pin, "--pin", user_pin]
    # fmt: on
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments are not shell-parsed
        command, env=home.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ProvisioningFailed(
            f"softhsm2-util could not initialise token {label!r}: "
            + (detail[-1] if detail else f"exit status {result.returncode}")
        )
