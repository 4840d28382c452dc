"""The machine policy's cache_key_store, as the client's session cache applies it: where the
wrapped key goes, what `key_store_kind` reports for diagnostics, and no cache where the
policy requires a keyring this desktop does not have. Real SQLCipher and files in the
test's own user data folder; fake cards; keyring's own fail backend for "no keyring"."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desktop.session_cache import SessionCache
from tests.sync.cache_support import card, view


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The cache and its key file live in the user data folder; here, the test's own.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "ContactPoint" / "cache"


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    # What `keyring` answers on a desktop where no backend works.
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)


def _suffixes(folder: Path) -> list[str]:
    return sorted(path.suffix for path in folder.iterdir())


@pytest.mark.parametrize("setting", ["file", "auto"])
def test_without_a_keyring_the_key_is_kept_in_a_file_beside_the_cache(
    cache_folder: Path, no_keyring: None, setting: str
) -> None:
    token = card()
    cache = SessionCache(8, key_store=setting)
    assert cache.key_store_kind is None
    assert cache.open(token, token.certificate_der())
    assert cache.key_store_kind == "file"
    cache.keep(view())
    cache.close()
    assert cache.key_store_kind is None
    assert _suffixes(cache_folder) == [".db", ".key"]
    assert cache.open(token, token.certificate_der())  # reopened from the key file
    assert cache.lookup("479755171614") is not None
    cache.close()


def test_a_policy_that_requires_the_keyring_means_no_cache_without_one(
    cache_folder: Path, no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    token = card()
    cache = SessionCache(8, key_store="keyring")
    with caplog.at_level(logging.WARNING):
        assert not cache.open(token, token.certificate_der())
        assert not cache.open(token, token.certificate_der())
    assert cache.key_store_kind is None
    assert len(caplog.records) == 1  # said once, not at every unlock
    assert "working without a cache" in caplog.records[0].getMessage()
    assert not cache_folder.exists()
