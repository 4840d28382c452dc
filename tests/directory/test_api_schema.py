"""schemathesis against the published OpenAPI document, with a valid session.

Every operation is called with generated bodies and paths, valid and invalid: no 5xx, and
every response (errors included) matches what the document says. "Positive data
acceptance" is left out on purpose: the document cannot express rules such as "a family
name needs a date of birth, a year of birth or a postcode" or an ID's check digit, so a
schema-valid body may rightly be refused with 400.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from directory.database import connect, migrate
from directory.usage_limits import UsageLimits
from tests.directory.test_api import Directory


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Directory, dict[str, str]]]:
    folder: Path = tmp_path_factory.mktemp("schema")
    engine: Engine = connect(f"sqlite:///{folder / 'directory.db'}")
    migrate(engine)
    # Generated cases search and view hundreds of times with one session: lift the
    # anti-fishing limits (tests/directory/test_view_limits.py checks them) so they reach
    # the search and the view themselves.
    lifted = UsageLimits(
        searches_per_minute=100_000, views_per_minute=100_000, views_per_day=100_000
    )
    directory = Directory(engine, folder, limits=lifted)
    for shielded in (False, True):
        directory.world.add_child(shielded=shielded, sensitive=True)
    with directory.client:
        yield directory, directory.login("zz-practitioner")
    engine.dispose()


@pytest.fixture(scope="module")
def api_schema(served: tuple[Directory, dict[str, str]]) -> Any:
    directory, _ = served
    document = directory.client.get("/v1/openapi.json").json()
    return schemathesis.openapi.from_dict(document)


def send(directory: Directory, case: Any, headers: dict[str, str]) -> httpx.Response:
    """Send a generated case through the directory's own TestClient.

    (schemathesis's ASGI transport opens a client per call and leaves anyio streams
    unclosed, which this suite's warnings-as-errors rightly refuses.)
    """
    kwargs = case.as_transport_kwargs(base_url=str(directory.client.base_url), headers=headers)
    body = kwargs.pop("data", None)
    return directory.client.request(
        kwargs.pop("method"),
        kwargs.pop("url"),
        headers=kwargs.pop("headers", None),
        params=kwargs.pop("params", None),
        json=kwargs.pop("json", None),
        content=body.encode() if isinstance(body, str) else body,
    )


# Logout is left out: called with the shared session it would end it, and every later call
# would test only the 401 path. tests/directory/test_api.py covers logout.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(
    method="DELETE", path="/v1/auth/sessions/current"
)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_keeps_its_published_promises(
    case: Any, served: tuple[Directory, dict[str, str]]
) -> None:
    directory, auth = served
    response = send(directory, case, auth)
    # A generated request must never end or lose the session it is testing with.
    if case.path.startswith("/v1/") and not case.path.startswith("/v1/auth/"):
        assert response.status_code != 401, response.text
    case.validate_response(
        response,
        headers=auth,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
