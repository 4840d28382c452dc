"""schemathesis against the published OpenAPI document, with a valid session.

Every operation is called with generated bodies and paths, valid and invalid: no 5xx, and
every response (errors included) matches what the document says: its status, and the
shape of its body, since every route declares its answer (directory.api.shapes). Generated
IDs mostly find no child, so a child view at each level is also fetched on purpose and
checked against the document the same way. "Positive data
acceptance" is left out on purpose: the document cannot express rules such as "a family
name needs a date of birth, a year of birth or a postcode" or an ID's check digit, so a
schema-valid body may rightly be refused with 400.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

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


class Served(NamedTuple):
    directory: Directory
    auth: dict[str, str]  # zz-practitioner's session
    standard: str  # a child's ContactPoint ID
    shielded: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
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
    standard, shielded = (
        directory.world.add_child(shielded=shielded, sensitive=True) for shielded in (False, True)
    )
    with directory.client:
        yield Served(directory, directory.login("zz-practitioner"), standard, shielded)
    engine.dispose()


@pytest.fixture(scope="module")
def api_schema(served: Served) -> Any:
    document = served.directory.client.get("/v1/openapi.json").json()
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
def test_every_operation_keeps_its_published_promises(case: Any, served: Served) -> None:
    directory, auth = served.directory, served.auth
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


SHAPE_CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


def test_a_child_view_at_each_level_has_its_published_shape(
    served: Served, api_schema: Any
) -> None:
    directory = served.directory
    manager = directory.login("zz-manager")
    view = api_schema["/v1/children/{cp_id}"]["GET"]
    seen = set()
    for auth, cp_id in (
        (served.auth, served.standard),
        (served.auth, served.shielded),
        (manager, served.standard),
    ):
        case = view.Case(path_parameters={"cp_id": cp_id}, headers=auth)
        response = send(directory, case, auth)
        assert response.status_code == 200, response.text
        case.validate_response(response, headers=auth, checks=SHAPE_CHECKS)
        seen.add(response.json()["level"])
    overridden = directory.override(directory.login("zz-override"), served.shielded)
    assert overridden.status_code == 200, overridden.text
    override = api_schema["/v1/children/{cp_id}/overrides"]["POST"]
    case = override.Case(path_parameters={"cp_id": served.shielded}, body={})
    case.validate_response(overridden, checks=SHAPE_CHECKS)
    seen.add(overridden.json()["level"])
    assert seen == {"standard", "shielded", "management", "override"}


def test_the_document_tells_the_two_child_views_apart_by_level(api_schema: Any) -> None:
    document = api_schema.raw_schema
    answer = document["paths"]["/v1/children/{cp_id}"]["get"]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    assert set(schema["discriminator"]["mapping"]) == {
        "standard",
        "shielded",
        "override",
        "management",
    }
    shielded = document["components"]["schemas"]["ShieldedChildView"]["properties"]
    assert "address" not in shielded and "involvements" not in shielded
