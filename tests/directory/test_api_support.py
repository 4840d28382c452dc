"""The helpdesk traces a practitioner's failed request by its correlation id (issue 13):
over HTTP and at the command line, with the route template, status, code, organisation and
roles, and none of the criteria, IDs or names; other roles are refused, every lookup is
audited, and an unknown id is 404. The served directory of tests/directory/test_api.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import pytest
from sqlalchemy import Engine, select

from contract.support_shapes import SupportRequestBody
from directory.cli import main
from directory.schema import audit_log
from tests.directory.builders import cp_id_for
from tests.directory.pki import NOW
from tests.directory.test_api import DOB, Directory, api, assert_error

__all__ = ["api"]  # the fixture, used by name
SECRET_NAME = "Zzquietbrook"  # a synthetic family name the practitioner searched for
LOOKUP = "/v1/support/requests/{}"


def refused_search(api: Directory) -> str:
    """A practitioner's search with too few criteria; returns the correlation id quoted."""
    response = api.client.post(
        "/v1/searches",
        headers={**api.login("zz-practitioner"), "X-Correlation-ID": "refused-search-0001"},
        json={"criteria": {"family_name": SECRET_NAME}},
    )
    body = assert_error(response, 400, "invalid_criteria")
    return body["correlation_id"]


def unknown_child(api: Directory, cp_id: str) -> str:
    """A practitioner asks for a child the directory does not hold: the id the directory made."""
    response = api.client.get(f"/v1/children/{cp_id}", headers=api.login("zz-practitioner"))
    return assert_error(response, 404, "not_found")["correlation_id"]


def looked_up(api: Directory, cid: str, who: str = "zz-helpdesk") -> dict[str, Any]:
    response = api.client.get(LOOKUP.format(cid), headers=api.login(who))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def lookups(engine: Engine) -> list[tuple[str, str, dict[str, Any]]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.correlation_id, audit_log.c.detail)
            .where(audit_log.c.action == "support_lookup")
            .order_by(audit_log.c.seq)
        ).all()
    return [(r.actor, r.correlation_id, json.loads(r.detail)) for r in rows]


def test_the_helpdesk_traces_a_refused_search_and_a_404(api: Directory) -> None:
    search_cid = refused_search(api)
    missing = cp_id_for(424242)
    child_cid = unknown_child(api, missing)

    search = looked_up(api, search_cid)
    assert search["correlation_id"] == search_cid
    [request] = search["requests"]
    assert {k: request[k] for k in ("method", "route", "status", "error")} == {
        "method": "POST",
        "route": "/v1/searches",
        "status": 400,
        "error": "invalid_criteria",
    }
    assert request["organisation"] == "Zzhealth Visiting"
    assert request["roles"] == ["practitioner"]
    assert request["worker"].endswith(f":{os.getpid()}")
    assert dt.datetime.fromisoformat(request["at"]) == NOW
    # Every field of the documented shape, how long it took included (its value is for
    # benchmarks/, not a test).
    assert set(request) == set(SupportRequestBody.__annotations__)

    [child] = looked_up(api, child_cid)["requests"]
    assert (child["method"], child["route"], child["status"], child["error"]) == (
        "GET",
        "/v1/children/{cp_id}",
        404,
        "not_found",
    )
    for answer in (search, child):
        text = json.dumps(answer)
        # Nothing the practitioner typed, no ID, no one's name.
        for absent in (SECRET_NAME, missing, "zz-practitioner", "zz-helpdesk", "family_name"):
            assert absent not in text


def test_every_lookup_is_audited_naming_the_correlation_id(api: Directory) -> None:
    cid = refused_search(api)
    response = api.client.get(LOOKUP.format(cid), headers=api.login("zz-helpdesk"))
    assert response.status_code == 200
    [(actor, own_cid, detail)] = lookups(api.world.engine)
    assert actor == "user:zz-helpdesk"
    assert own_cid == response.headers["x-correlation-id"]
    assert detail == {"looked_up": cid, "returned": 1}


@pytest.mark.parametrize("who", ["zz-practitioner", "zz-override", "zz-manager"])
def test_other_roles_are_refused_and_the_refusal_is_audited(api: Directory, who: str) -> None:
    cid = refused_search(api)
    response = api.client.get(LOOKUP.format(cid), headers=api.login(who))
    assert_error(response, 403, "not_allowed")
    assert SECRET_NAME not in response.text and "invalid_criteria" not in response.text
    [(actor, _, detail)] = lookups(api.world.engine)
    assert actor == f"user:{who}" and detail == {"looked_up": None, "refused": "not_allowed"}
    # The refusal is itself a request the helpdesk can trace, by its template.
    [traced] = looked_up(api, response.headers["x-correlation-id"])["requests"]
    assert traced["route"] == "/v1/support/requests/{correlation_id}"
    assert (traced["status"], traced["error"]) == (403, "not_allowed")


def test_unknown_and_malformed_ids(api: Directory) -> None:
    helpdesk = api.login("zz-helpdesk")
    unknown = api.client.get(LOOKUP.format("never-seen-0001"), headers=helpdesk)
    assert_error(unknown, 404, "not_found")
    malformed = api.client.get(LOOKUP.format("short"), headers=helpdesk)
    assert_error(malformed, 400, "invalid_identifier")
    assert [detail for _, _, detail in lookups(api.world.engine)] == [
        {"looked_up": "never-seen-0001", "refused": "not_found"},
        {"looked_up": None, "refused": "invalid_identifier"},
    ]
    # Health probes are not logged: nothing to trace.
    probe = api.client.get("/healthz", headers={"X-Correlation-ID": "probe-00000001"})
    assert probe.status_code == 200
    assert_error(
        api.client.get(LOOKUP.format("probe-00000001"), headers=helpdesk), 404, "not_found"
    )


def test_no_session_is_401_and_logged_without_an_organisation(api: Directory) -> None:
    response = api.client.get(LOOKUP.format("anything-0001"))
    assert_error(response, 401, "authentication_failed")
    [request] = looked_up(api, response.headers["x-correlation-id"])["requests"]
    assert (request["status"], request["error"]) == (401, "authentication_failed")
    assert request["organisation"] is None and request["roles"] == []


def test_a_retried_id_lists_each_request_oldest_first(api: Directory) -> None:
    auth = {**api.login("zz-practitioner"), "X-Correlation-ID": "retried-00000001"}
    first = api.client.post("/v1/searches", headers=auth, json={"criteria": {"family_name": "Zz"}})
    fixed = {"family_name": "Zz", "date_of_birth": DOB}
    again = api.client.post("/v1/searches", headers=auth, json={"criteria": fixed})
    assert first.status_code == 400 and again.status_code == 200
    traced = looked_up(api, "retried-00000001")["requests"]
    assert [(r["route"], r["status"], r["error"]) for r in traced] == [
        ("/v1/searches", 400, "invalid_criteria"),
        ("/v1/searches", 200, None),
    ]


def test_the_command_line_gives_the_same_answer(
    api: Directory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = refused_search(api)
    over_http = looked_up(api, cid)
    capsys.readouterr()

    assert main(["support", "lookup", "--db", db_url, cid]) == 0
    assert json.loads(capsys.readouterr().out) == over_http
    (_, _, by_http), (actor, _, by_cli) = lookups(api.world.engine)
    assert actor == "cli:helpdesk" and by_cli == by_http == {"looked_up": cid, "returned": 1}

    assert main(["support", "lookup", "--db", db_url, "never-seen-0001"]) == 2
    assert "no request with that correlation id" in capsys.readouterr().err
    assert main(["support", "lookup", "--db", db_url, "bad id"]) == 2
    assert "letters, digits and hyphens" in capsys.readouterr().err
