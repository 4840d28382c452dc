"""The cache with a real SoftHSM token: the benchmark's child, run small, checks that a
key unwrapped on the token opens the cache, bodies read back intact, the file holds no
name in the clear, a key wrapped for another token means a fresh cache (the real token's
unwrap error), and a purge of everything removes the file. Timings are not asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import cache as bench
from smartcard import ModuleMissing, find_module
from tests.conftest import IN_CI


def test_the_cache_with_a_softhsm_token(tmp_path: Path) -> None:
    try:
        find_module()
    except ModuleMissing as exc:
        if IN_CI:
            pytest.fail(f"SoftHSM2 is required in CI: {exc}", pytrace=False)
        pytest.skip(str(exc))
    result = bench.run(tmp_path, entries=20, rounds=2, reads=20, writes=3, purged=30)
    assert result["checks"] == {
        "reads_back_intact": True,
        "writes_read_back": True,
        "file_encrypted": True,
        "foreign_key_gives_fresh_cache": True,
        "foreign_file_removed": True,
        "purged_all": True,
        "file_removed_when_all_expired": True,
    }
    assert result["open_ms"]["n"] == 2
    lines = bench.table(result)
    assert lines[0] == "## Encrypted cache"
    assert "Checks in the same run: all passed." in lines
