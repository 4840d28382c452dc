"""The cache with a real SoftHSM token, through the cache's public entry points: a key
unwrapped on the token opens the cache, bodies read back intact, the file holds no name in
the clear, a key wrapped for another token means a fresh cache (the real token's unwrap
error), and a purge of everything removes the file.

SoftHSM is loaded in a child process (tests/sync/softhsm_cache_child.py says why).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smartcard import ModuleMissing, TrainingCA, find_module, prepare_softhsm, provision_token
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
LABEL = "cache-softhsm"


def test_the_cache_with_a_softhsm_token(tmp_path: Path) -> None:
    try:
        find_module()
    except ModuleMissing as exc:
        if IN_CI:
            pytest.fail(f"SoftHSM2 is required in CI: {exc}", pytrace=False)
        pytest.skip(str(exc))
    home = prepare_softhsm(tmp_path / "softhsm")
    ca = TrainingCA.create(tmp_path / "ca", "Cache tests")
    token = provision_token(home, ca, LABEL, user_name="Zztest cache", organisation="Zz Council")
    request = {"folder": str(tmp_path), "module": str(home.module), "label": LABEL}
    env = home.environment()
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [sys.executable, "-m", "tests.sync.softhsm_cache_child"],
        input=json.dumps({**request, "pin": token.user_pin}),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "file_holds_the_name": False,
        "read_back_intact": True,
        "found_offline": 20,
        "entries_after_a_foreign_key": 0,
        "file_kept_after_a_foreign_key": False,
        "purged": 30,
        "file_kept_when_all_expired": False,
    }
