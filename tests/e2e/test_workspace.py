"""The management workspace end to end (issue 11), on SQLite and on PostgreSQL: the
training directory served over TLS, SoftHSM cards, and the real client driven through its
widgets by tests/e2e/workspace_scenario.py in a process of its own (see
test_gui_session.py for why). Afterwards HOME holds nothing personal: the worklists, the
access history and the shield dialogs leave nothing on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.disk import assert_no_personal_data, personal_data
from tests.e2e.isolated import run_scenario
from tests.e2e.served import BACKENDS, Served, serve_on

SCENARIO = Path(__file__).with_name("workspace_scenario.py")


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """One served home per backend for the module (preparing one takes most of the time)."""
    yield from serve_on(request.param, tmp_path_factory)


def test_the_team_and_two_officers_work_an_override_and_a_shield(
    served: Served, tmp_path: Path
) -> None:
    left = run_scenario(
        SCENARIO, served, tmp_path, {"SOFTHSM2_CONF": served.manifest["softhsm2_conf"]}
    )
    assert_no_personal_data(left, personal_data(served.manifest))
