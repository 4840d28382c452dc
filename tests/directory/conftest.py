from __future__ import annotations

import pytest
from sqlalchemy import Engine

from directory import Directory, Role, Viewer
from tests.directory.builders import LA_NORTH, LA_SOUTH, TODAY, World


@pytest.fixture
def world(engine: Engine) -> World:
    return World(engine).setup()


@pytest.fixture
def service(engine: Engine) -> Directory:
    return Directory(engine, today=lambda: TODAY)


PRACTITIONER = Viewer("u-practitioner", frozenset({Role.PRACTITIONER}), organisation_id=3)
OVERRIDER = Viewer("u-override", frozenset({Role.PRACTITIONER, Role.OVERRIDE}), organisation_id=3)
MANAGER_NORTH = Viewer("u-mgmt-n", frozenset({Role.MANAGEMENT}), local_authority=LA_NORTH)
MANAGER_SOUTH = Viewer("u-mgmt-s", frozenset({Role.MANAGEMENT}), local_authority=LA_SOUTH)
SENSITIVE_SERVICE = Viewer("u-clinic", frozenset({Role.PRACTITIONER}), organisation_id=4)
HELPDESK = Viewer("u-helpdesk", frozenset({Role.HELPDESK}))
