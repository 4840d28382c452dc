"""The cache with a real SoftHSM token, through the cache's public entry points: a key
unwrapped on the token opens the cache, bodies read back intact, the file holds no name in
the clear, a key wrapped for another token means a fresh cache (the real token's unwrap
error), and a purge of everything removes the file. And the same with no keyring at all:
the wrapped key in a private file beside the cache.

SoftHSM is loaded in a child process (tests/sync/softhsm_cache_child.py says why).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcard import ModuleMissing, TrainingCA, find_module, prepare_softhsm, provision_token
from smartcard.provisioning import run_child
from tests.conftest import IN_CI

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
    seen = run_child(
        home,
        "observe",
        {"folder": str(tmp_path), "label": LABEL, "pin": token.user_pin},
        worker="tests.sync.softhsm_cache_child",
    )
    assert seen == {
        "file_holds_the_name": False,
        "read_back_intact": True,
        "found_offline": 20,
        "entries_after_a_foreign_key": 0,
        "file_kept_after_a_foreign_key": False,
        "purged": 30,
        "file_kept_when_all_expired": False,
    }
    without_keyring = run_child(
        home,
        "key_file",
        {"folder": str(tmp_path), "label": LABEL, "pin": token.user_pin},
        worker="tests.sync.softhsm_cache_child",
    )
    assert without_keyring == {
        "store": "file",
        "read_back_intact": True,
        "files": [".db", ".key"],
        "modes": ["0o600", "0o600", "0o700"],
        "key_file_holds_the_name": False,
        "file_holds_the_name": False,
    }
