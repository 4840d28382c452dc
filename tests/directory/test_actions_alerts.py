"""The management worklist (directory.actions.alerts): one authority's alerts, forward only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from directory import Role, Viewer
from directory.actions import list_alerts, update_alert
from directory.errors import Conflict, InvalidRequest, NotAllowed, NotFound
from directory.handles import new_handle
from directory.team_schema import alert
from tests.directory.actions_support import AT, audit_rows
from tests.directory.builders import LA_NORTH, LA_SOUTH, World

NORTH = Viewer("user:zz-mgmt-n", frozenset({Role.MANAGEMENT}), local_authority=LA_NORTH)
SOUTH = Viewer("user:zz-mgmt-s", frozenset({Role.MANAGEMENT}), local_authority=LA_SOUTH)
OFFICER = Viewer("user:zz-so", frozenset({Role.SHIELD_OFFICER}), local_authority=LA_NORTH)


def put(
    engine: Engine, reference: str, minutes: int, status: str = "open", la: str = LA_NORTH
) -> str:
    handle = new_handle()
    with engine.begin() as conn:
        conn.execute(
            alert.insert().values(
                handle=handle,
                reference=reference,
                local_authority=la,
                kind="override",
                cp_id="000000000000",
                user_id="user:zz-override",
                reason_code="missing_child",
                created_at=AT + dt.timedelta(minutes=minutes),
                status=status,
            )
        )
    return handle


def test_open_alerts_come_first_then_the_newest_in_pages(engine: Engine, world: World) -> None:
    put(engine, "OVR-A", 1)
    put(engine, "OVR-B", 2, status="closed")
    put(engine, "OVR-C", 3)
    put(engine, "OVR-D", 4, status="acknowledged")
    put(engine, "OVR-S", 5, la=LA_SOUTH)

    first = list_alerts(engine, NORTH, page=1, page_size=3, now=AT, correlation_id="c")
    second = list_alerts(engine, NORTH, page=2, page_size=3, now=AT, correlation_id="c")

    assert [a.reference for a in first.alerts] == ["OVR-C", "OVR-A", "OVR-D"]
    assert [a.reference for a in second.alerts] == ["OVR-B"]
    assert first.total == 4
    assert first.as_json()["alerts"][0]["reason_label"] == "The child is missing"
    assert audit_rows(engine, "alerts_list")[0]["returned"] == ["OVR-C", "OVR-A", "OVR-D"]


def test_management_acknowledges_then_closes_with_a_note(engine: Engine, world: World) -> None:
    alert_id = put(engine, "OVR-A", 1)

    acknowledged = update_alert(
        engine, NORTH, alert_id, status="acknowledged", note=None, now=AT, correlation_id="c"
    )
    closed = update_alert(
        engine,
        NORTH,
        alert_id,
        status="closed",
        note="Checked with the officer.",
        outcome="justified",
        now=AT,
        correlation_id="c",
    )

    assert acknowledged.status == "acknowledged" and acknowledged.handled_by == "user:zz-mgmt-n"
    assert closed.status == "closed" and closed.note == "Checked with the officer."
    assert closed.outcome == "justified"
    assert closed.handled_at == AT
    with pytest.raises(Conflict):
        update_alert(
            engine, NORTH, alert_id, status="acknowledged", note=None, now=AT, correlation_id="c"
        )
    assert [
        (r.get("from"), r.get("to"), r.get("refused")) for r in audit_rows(engine, "alert_update")
    ] == [
        ("open", "acknowledged", None),
        ("acknowledged", "closed", None),
        (None, None, "conflict"),
    ]


def test_another_authority_sees_no_trace_and_other_roles_are_refused(
    engine: Engine, world: World
) -> None:
    alert_id = put(engine, "OVR-A", 1)
    # A well-formed close, so that only the caller's scope and role decide the answer.
    closing = dict(status="closed", note="Seen.", outcome="referred", now=AT, correlation_id="c")

    with pytest.raises(NotFound) as other:
        update_alert(engine, SOUTH, alert_id, **closing)
    answers = []
    for unknown in (new_handle(), "9999", "", "x" * 500, alert_id[:-1] + "!"):
        with pytest.raises(NotFound) as refusal:
            update_alert(engine, NORTH, unknown, **closing)
        answers.append(refusal.value.message)
    assert set(answers) == {other.value.message}
    for viewer in (OFFICER, Viewer("user:zz-p", frozenset({Role.PRACTITIONER}))):
        with pytest.raises(NotAllowed):
            list_alerts(engine, viewer, now=AT, correlation_id="c")
        with pytest.raises(NotAllowed):
            update_alert(engine, viewer, alert_id, **closing)


def test_an_alert_is_escalated_then_closed_with_an_outcome_and_a_note(
    engine: Engine, world: World
) -> None:
    alert_id = put(engine, "OVR-A", 0)
    step = dict(now=AT, correlation_id="c")
    with pytest.raises(Conflict):  # open -> escalated skips the acknowledgement
        update_alert(engine, NORTH, alert_id, status="escalated", note=None, **step)
    update_alert(engine, NORTH, alert_id, status="acknowledged", note=None, **step)
    escalated = update_alert(
        engine, NORTH, alert_id, status="escalated", note="To the LADO.", **step
    )
    assert escalated.status == "escalated"
    for note, outcome in ((None, "justified"), ("Done.", None), ("Done.", "fine")):
        with pytest.raises(InvalidRequest):
            update_alert(
                engine, NORTH, alert_id, status="closed", note=note, outcome=outcome, **step
            )
    with pytest.raises(InvalidRequest):  # only closing records an outcome
        update_alert(
            engine, NORTH, alert_id, status="acknowledged", note="x", outcome="referred", **step
        )
    closed = update_alert(
        engine, NORTH, alert_id, status="closed", note="Referred on.", outcome="referred", **step
    )
    assert (closed.status, closed.outcome, closed.note) == ("closed", "referred", "Referred on.")
    assert audit_rows(engine, "alert_update")[-1]["outcome"] == "referred"


def test_alerts_carry_their_age_against_the_target_and_filter_by_status(
    engine: Engine, world: World
) -> None:
    put(engine, "OVR-OLD", -300)  # raised five hours before AT
    put(engine, "OVR-NEW", -60)
    done = put(engine, "OVR-DONE", -600)
    update_alert(
        engine,
        NORTH,
        done,
        status="closed",
        note="Checked.",
        outcome="not_justified",
        now=AT - dt.timedelta(minutes=590),
        correlation_id="c",
    )
    page = list_alerts(engine, NORTH, now=AT, correlation_id="c")
    ages = {a.reference: (a.age_seconds, a.past_target) for a in page.alerts}
    assert ages == {"OVR-OLD": (300 * 60, True), "OVR-NEW": (3600, False), "OVR-DONE": (600, False)}
    two_hours = list_alerts(
        engine, NORTH, now=AT, correlation_id="c", target=dt.timedelta(minutes=30)
    )
    assert [a.past_target for a in two_hours.alerts] == [True, True, False]
    only_open = list_alerts(engine, NORTH, status="open", now=AT, correlation_id="c")
    assert [a.reference for a in only_open.alerts] == ["OVR-NEW", "OVR-OLD"]
    assert only_open.total == 2
    closed = list_alerts(engine, NORTH, status="closed", now=AT, correlation_id="c")
    assert [(a.reference, a.outcome) for a in closed.alerts] == [("OVR-DONE", "not_justified")]
    with pytest.raises(InvalidRequest):
        list_alerts(engine, NORTH, status="lost", now=AT, correlation_id="c")
