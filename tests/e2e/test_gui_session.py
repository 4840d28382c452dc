"""End to end with the real client: the training directory served over TLS, SoftHSM tokens,
and the desktop client driven by pytest-qt (DESIGN.md 5).

The client side runs as its own pytest process (tests/e2e/gui_scenario.py): SoftHSM reads
SOFTHSM2_CONF once per process, at C_Initialize, and this process may already have loaded
it for the smartcard tests with another configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.homes import require_softhsm
from tests.e2e.disk import (
    assert_no_personal_data,
    assert_unreadable_without_the_token,
    personal_data,
)
from tests.e2e.isolated import run_scenario
from tests.e2e.served import Served, serve

SCENARIO = Path(__file__).with_name("gui_scenario.py")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    module = require_softhsm()
    yield from serve(tmp_path_factory.mktemp("gui"), module, None)


def test_the_client_signs_in_finds_shields_overrides_and_locks(
    served: Served, tmp_path: Path
) -> None:
    left = run_scenario(
        SCENARIO, served, tmp_path, {"SOFTHSM2_CONF": served.manifest["softhsm2_conf"]}
    )
    assert_no_personal_data(left, personal_data(served.manifest))
    # Exactly one encrypted cache and its wrapped key per user who signed in (the teacher
    # and the social worker), with no keyring: nothing else, and each cache unreadable.
    caches = sorted(path for path in left if path.suffix == ".db")
    keys = sorted(path for path in left if path.suffix == ".key")
    assert len(caches) == 2 and sorted(left) == sorted(caches + keys), left
    assert {path.with_suffix(".key") for path in caches} == set(keys)
    for path in (*caches, *keys):
        assert path.parent.name == "cache" and path.stat().st_mode & 0o077 == 0, path
    assert path.parent.stat().st_mode & 0o077 == 0
    for cache in caches:
        assert_unreadable_without_the_token(cache)


def test_the_file_check_finds_a_name_in_utf8_or_utf16(tmp_path: Path) -> None:
    leaked = tmp_path / "notes.txt"
    leaked.write_text("seen: EVANS", encoding="utf-16-le")
    with pytest.raises(AssertionError):
        assert_no_personal_data([leaked], {"Evans"})
    leaked.write_text("seen: evans", encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_no_personal_data([leaked], {"Evans"})
    leaked.write_text("nothing here", encoding="utf-8")
    assert_no_personal_data([leaked], {"Evans"})
