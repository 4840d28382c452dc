"""The practitioner benchmark's driver (benchmarks/practitioner_drive.py) gets from a card
inserted to the child's contact on screen, at full speed (no pacing), on a served training
home with SoftHSM tokens. No timing here: `python -m benchmarks --only practitioner`
measures it at a person's pace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.practitioner import client_environment, drive_in_process
from benchmarks.practitioner_drive import (
    LEAD_PHONE,
    NO_LEAD,
    NOT_FOR_PRACTITIONERS,
    SHIELDED,
    practitioner_children,
    typed_date,
)
from tests.desktop.homes import require_softhsm
from tests.e2e.served import Served, serve


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    module = require_softhsm()
    yield from serve(tmp_path_factory.mktemp("practitioner"), module, None)


@pytest.mark.parametrize(
    ("scenario", "shown"), [("ordinary", {LEAD_PHONE, NO_LEAD}), ("shielded", {SHIELDED})]
)
def test_the_driver_reaches_the_contact_from_the_keyboard(
    served: Served, tmp_path: Path, scenario: str, shown: set[str]
) -> None:
    calls = drive_in_process(
        served.prepared.layout.manifest,
        client_environment(served.manifest, tmp_path),
        "--full-speed",
        "--only",
        scenario,
        xvfb=False,
        timeout=300,
    )
    assert [c["scenario"] for c in calls] == [scenario]
    call = calls[0]
    assert call["shown"] in shown
    assert call["paced_ms"] == 0  # full speed: no typing or thinking time was spent
    assert list(call["marks"]) == ["pin_dialog", "main_window", "results", "shown"]


def test_every_child_a_practitioner_may_find_is_called_once(served: Served) -> None:
    scenarios = served.manifest["scenarios"]
    called = practitioner_children(scenarios)
    names = [name for name, _ in called]
    assert not set(NOT_FOR_PRACTITIONERS) & set(names)
    assert {"ordinary", "shielded", "twins 1", "twins 2"} <= set(names)
    twins = [child["cp_id"] for name, child in called if name.startswith("twins")]
    assert twins == [c["cp_id"] for c in scenarios["twins"]]
    assert practitioner_children(scenarios, ["shielded"]) == [("shielded", scenarios["shielded"])]


def test_a_date_is_typed_the_way_the_form_shows_it() -> None:
    assert typed_date("2015-03-07") == "07/03/2015"
