"""The lock screen comes up without what it does not need (issue 12: start under 1 s).

The real start (`contactpoint --policy FILE`, ui.main.main) runs in a fresh process up to
the lock screen's first paint and on until the card is watched for; the modules already
imported when the lock screen is shown are read from that process's sys.modules. The card
layer (pkcs11, and cryptography for the card CA bundle, still read before the card is
watched for, so a bad one stops the client), the controller and the main window load
after the first paint; httpx on the directory's first call, sqlcipher3 and keyring when
the first cache is opened. No timing here: benchmarks/startup.py measures it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.startup import DEFERRED, prepare, start_once
from smartcard import ModuleMissing, find_module
from tests.conftest import IN_CI


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    try:
        find_module()
    except ModuleMissing as exc:
        if IN_CI:
            pytest.fail(f"SoftHSM2 is required in CI and is not usable: {exc}", pytrace=False)
        pytest.skip(f"SoftHSM2 not available: {exc}")
    return prepare(tmp_path)


def test_the_lock_screen_is_painted_before_the_card_layer_and_the_windows_load(
    machine: tuple[Path, dict[str, str]],
) -> None:
    policy, env = machine
    start = start_once(policy, env)  # returns once the card is watched for
    assert not set(DEFERRED) & set(start.loaded)


def test_a_card_ca_bundle_that_cannot_be_read_still_stops_the_client(
    machine: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    policy, env = machine
    settings = json.loads(policy.read_text("utf-8"))
    bad = tmp_path / "not-a-bundle.pem"
    bad.write_text("not a certificate\n", "utf-8")
    settings["card_ca_file"] = str(bad)
    policy.write_text(json.dumps(settings), "utf-8")
    with pytest.raises(RuntimeError, match="cannot be read"):
        start_once(policy, env)
