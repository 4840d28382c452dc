"""Running a client scenario (a pytest file) in a process of its own, with HOME and the
temporary folder empty and its own, so that everything the client leaves on disk can be
read afterwards (issue 5).

A process of its own because a PKCS#11 library reads its configuration once per process,
and this one has loaded SoftHSM and tpm2-pkcs11 with the smartcard tests' configurations.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from desktop.training.layout import SOURCE_ROOT
from tests.e2e.served import Served


def run_scenario(
    scenario: Path,
    served: Served,
    tmp_path: Path,
    environment: Mapping[str, str],
    *,
    timeout: float = 300,
) -> list[Path]:
    """Run `scenario` against the served home, require every test in it to pass (none
    skipped), and return the files it left in HOME and the temporary folder."""
    home, temporary = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temporary.mkdir()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    try:
        done = subprocess.run(  # noqa: S603 - our interpreter and pytest, no shell
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(scenario)],
            env={
                **inherited,
                **environment,
                "HOME": str(home),
                "TMPDIR": str(temporary),
                "CONTACTPOINT_E2E_MANIFEST": str(served.prepared.layout.manifest),
                "QT_QPA_PLATFORM": "offscreen",
                # No OS keyring, as on kiosk sessions and police terminals: keyring's own
                # "fail" backend, which the client must treat as no keyring at all.
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            },
            cwd=SOURCE_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        # What the scenario had said by then (its steps' notes on standard error).
        said = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        raise AssertionError(
            f"The scenario did not end in {timeout:.0f} s.\n{said[-4000:]}"
        ) from None
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout
    return [path for path in (*home.rglob("*"), *temporary.rglob("*")) if path.is_file()]
