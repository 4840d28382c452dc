"""The request log (directory.request_log): operational, so a failed write fails no request
and never stands in for the audit; the retention run deletes what is past KEPT_DAYS."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from sqlalchemy import Engine, select, text

from directory.request_log import KEPT_DAYS, RequestEntry, RequestLog, request_log
from directory.retention import run_retention
from directory.schema import audit_log
from tests.directory.conftest import PRACTITIONER
from tests.directory.test_api import DOB, Directory, api, assert_error
from tests.directory.test_api_support import LOOKUP, SECRET_NAME

__all__ = ["api"]  # the fixture, used by name


def logged(engine: Engine, cid: str) -> list[tuple[str, int, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(request_log.c.route, request_log.c.status, request_log.c.error).where(
                request_log.c.correlation_id == cid
            )
        ).all()
    return [tuple(r) for r in rows]


def test_retention_deletes_rows_past_the_kept_days(engine: Engine) -> None:
    today = dt.date(2026, 6, 15)
    midnight = dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    cutoff = midnight - dt.timedelta(days=KEPT_DAYS)
    ages = {
        "old-000000001": cutoff - dt.timedelta(days=3),
        "old-000000002": cutoff - dt.timedelta(microseconds=1),
        "kept-00000001": cutoff,
        "kept-00000002": midnight + dt.timedelta(hours=9),
    }
    for cid, at in ages.items():
        entry = RequestEntry(
            cid, "GET", "/v1/children/{cp_id}", 404, "not_found", 2.5, PRACTITIONER
        )
        RequestLog(engine, clock=lambda at=at: at).write(entry)

    report = run_retention(engine, today=today)
    assert report.requests_deleted == 2
    assert "2 request log rows deleted" in report.summary()
    with engine.connect() as conn:
        left = set(conn.scalars(select(request_log.c.correlation_id)))
        detail = json.loads(conn.scalar(select(audit_log.c.detail)) or "{}")
    assert left == {"kept-00000001", "kept-00000002"}
    assert detail["requests_deleted"] == 2
    assert run_retention(engine, today=today).requests_deleted == 0


def test_a_failed_write_fails_no_request(api: Directory, caplog: pytest.LogCaptureFixture) -> None:
    auth = {**api.login("zz-practitioner"), "X-Correlation-ID": "unlogged-000001"}
    with api.world.engine.begin() as conn:
        conn.execute(text("DROP TABLE request_log"))
    criteria = {"family_name": SECRET_NAME, "date_of_birth": DOB}
    with caplog.at_level(logging.WARNING, logger="contactpoint.directory.request_log"):
        found = api.client.post("/v1/searches", headers=auth, json={"criteria": criteria})
    assert found.status_code == 200, found.text
    [line] = [r.getMessage() for r in caplog.records if r.name.endswith("request_log")]
    assert "unlogged-000001" in line and SECRET_NAME not in line
    # The audit is not the request log: the search's own row committed as ever.
    with api.world.engine.connect() as conn:
        actions = conn.scalars(
            select(audit_log.c.action).where(audit_log.c.correlation_id == "unlogged-000001")
        ).all()
    assert actions == ["search"]


def test_no_audit_row_no_answer_though_the_request_is_logged(
    api: Directory, request: pytest.FixtureRequest
) -> None:
    cid = "refused-search-0001"
    api.client.post(  # logged under `cid` for the helpdesk to find
        "/v1/searches",
        headers={**api.login("zz-practitioner"), "X-Correlation-ID": cid},
        json={"criteria": {"family_name": SECRET_NAME}},
    )
    helpdesk = api.login("zz-helpdesk")  # signing in is audited too: before the audit fails
    request.getfixturevalue("audit_refuses_inserts")
    response = api.client.get(LOOKUP.format(cid), headers=helpdesk)
    assert_error(response, 503, "audit_failure")
    assert "requests" not in response.json() and "/v1/searches" not in response.text
    assert logged(api.world.engine, response.headers["x-correlation-id"]) == [
        ("/v1/support/requests/{correlation_id}", 503, "audit_failure")
    ]


def test_the_directory_s_own_refusals_are_logged_with_their_code(api: Directory) -> None:
    response = api.client.post(
        "/v1/searches",
        headers={"X-Correlation-ID": "media-type-0001", "content-type": "text/plain"},
        content=b"family_name=Zz",
    )
    assert_error(response, 415, "unsupported_media_type")
    # Refused before routing: there is no template to name.
    assert logged(api.world.engine, "media-type-0001") == [
        ("(unmatched)", 415, "unsupported_media_type")
    ]
