"""The lock screen comes up without what it does not need (issue 12: start under 1 s).

The real start (`contactpoint --policy FILE`, ui.main.main) runs in a fresh process up to
the lock screen's first paint; the modules already imported then are read from that
process's sys.modules. httpx loads on the directory's first call, sqlcipher3 and keyring
when the first cache is opened. cryptography is not deferred: the client reads the card CA
bundle at startup so that a bad one stops it there (desktop.bootstrap). No timing here:
benchmarks/startup.py measures it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.startup import prepare, start_once
from smartcard import ModuleMissing, find_module
from tests.conftest import IN_CI

NOT_AT_THE_LOCK_SCREEN = ("httpx", "sqlcipher3", "keyring")


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    try:
        find_module()
    except ModuleMissing as exc:
        if IN_CI:
            pytest.fail(f"SoftHSM2 is required in CI and is not usable: {exc}", pytrace=False)
        pytest.skip(f"SoftHSM2 not available: {exc}")
    return prepare(tmp_path)


def test_the_lock_screen_is_painted_before_the_directory_client_and_cache_load(
    machine: tuple[Path, dict[str, str]],
) -> None:
    policy, env = machine
    _, loaded = start_once(policy, env)
    assert not set(NOT_AT_THE_LOCK_SCREEN) & set(loaded)
