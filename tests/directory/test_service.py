"""Record views and the audit written with every operation (DESIGN.md 3.3, 3.5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import Engine, func, select

from directory import (
    AuditFailure,
    Directory,
    InvalidIdentifier,
    Level,
    NotAllowed,
    NotFound,
    Viewer,
)
from directory.audit import verify
from directory.schema import audit_log
from directory.usage_limits import UsageLimits
from tests.directory.builders import World
from tests.directory.conftest import (
    HELPDESK,
    MANAGER_NORTH,
    MANAGER_SOUTH,
    OVERRIDER,
    PRACTITIONER,
    SENSITIVE_SERVICE,
)

DOB = "2015-03-07"


def audit_rows(engine: Engine) -> list[tuple[str, str, dict[str, object]]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail).order_by(
                audit_log.c.seq
            )
        ).all()
    return [(r.actor, r.action, json.loads(r.detail)) for r in rows]


def test_ordinary_record_shows_everything_but_sensitive(world: World, service: Directory) -> None:
    cp_id = world.add_child(sensitive=True)
    view = service.view_child(PRACTITIONER, cp_id, "c")
    assert view.level is Level.STANDARD and view.cacheable
    assert view.address is not None and view.address.postcode == "LS6 2AB"
    assert view.school is not None and view.gp is not None and view.carers
    assert view.responsible_authority is not None
    assert [i.practitioner_role for i in view.involvements or ()] == ["health visitor"]
    assert "Zzsexual" not in json.dumps(view.as_dict())


def test_sensitive_involvement_seen_by_its_service_and_management(
    world: World, service: Directory
) -> None:
    cp_id = world.add_child(sensitive=True)
    for viewer in (SENSITIVE_SERVICE, MANAGER_NORTH):
        view = service.view_child(viewer, cp_id, "c")
        assert len(view.involvements or ()) == 2
    assert len(service.view_child(MANAGER_SOUTH, cp_id, "c").involvements or ()) == 1


def test_shielded_record_shows_four_fields_and_how_to_ask(world: World, service: Directory) -> None:
    cp_id = world.add_child(shielded=True, sensitive=True, former=("Previousname", "Beta"))
    view = service.view_child(OVERRIDER, cp_id, "c")
    assert view.level is Level.SHIELDED
    body = view.as_dict()
    assert set(body) == {
        "level",
        "cp_id",
        "family_name",
        "given_name",
        "date_of_birth",
        "gender",
        "shielded",
        "cacheable",
        "broker_contact",
    }
    assert "management team" in body["broker_contact"]
    for hidden in ("Zz", "Northtown", "0113", "LS6", "Previousname", "Carerson"):
        assert hidden not in json.dumps(body)


def test_override_shows_this_record_once(world: World, service: Directory) -> None:
    cp_id = world.add_child(shielded=True, sensitive=True)
    other = world.add_child(shielded=True)
    overriding = dataclasses.replace(OVERRIDER, override_for=cp_id)
    view = service.view_child(overriding, cp_id, "c")
    assert view.level is Level.OVERRIDE and not view.cacheable
    assert view.address is not None and len(view.involvements or ()) == 1
    assert service.view_child(overriding, other, "c").level is Level.SHIELDED
    # The right alone is not an override: without one for this record it stays shielded.
    assert service.view_child(OVERRIDER, cp_id, "c").level is Level.SHIELDED
    practitioner = dataclasses.replace(PRACTITIONER, override_for=cp_id)
    assert service.view_child(practitioner, cp_id, "c").level is Level.SHIELDED


def test_management_of_responsible_authority_sees_everything(
    world: World, service: Directory
) -> None:
    cp_id = world.add_child(shielded=True, sensitive=True)
    view = service.view_child(MANAGER_NORTH, cp_id, "c")
    assert view.level is Level.MANAGEMENT and not view.cacheable
    assert view.shield is not None and len(view.involvements or ()) == 2
    assert service.view_child(MANAGER_SOUTH, cp_id, "c").level is Level.SHIELDED


def test_unknown_and_archived_look_the_same(world: World, service: Directory) -> None:
    archived = world.add_child(date_of_birth=__import__("datetime").date(2007, 1, 1))
    never_issued = "000000000000"
    for cp_id in (archived, never_issued):
        with pytest.raises(NotFound) as refused:
            service.view_child(PRACTITIONER, cp_id, "c")
        assert refused.value.message == "No record with that ContactPoint ID is available to you."


def test_malformed_id_is_refused_and_audited(
    world: World, service: Directory, engine: Engine
) -> None:
    with pytest.raises(InvalidIdentifier):
        service.view_child(PRACTITIONER, "12345", "c")
    assert audit_rows(engine)[-1][1:] == ("child_view", {"refused": "invalid_identifier"})


def test_helpdesk_sees_no_child(world: World, service: Directory, engine: Engine) -> None:
    cp_id = world.add_child()
    with pytest.raises(NotAllowed):
        service.view_child(HELPDESK, cp_id, "c")
    actor, action, detail = audit_rows(engine)[-1]
    assert (actor, action, detail) == ("u-helpdesk", "child_view", {"refused": "not_allowed"})


def test_every_search_and_view_is_audited(world: World, service: Directory, engine: Engine) -> None:
    cp_id = world.add_child()
    service.search(
        PRACTITIONER, {"family_name": "Testerson", "date_of_birth": DOB}, "exact", "corr-1"
    )
    service.view_child(PRACTITIONER, cp_id, "corr-2")
    with pytest.raises(NotFound):
        service.view_child(PRACTITIONER, "000000000000", "corr-3")
    rows = audit_rows(engine)
    assert rows == [
        (
            "u-practitioner",
            "search",
            {
                "criteria": {"family_name": "Testerson", "date_of_birth": DOB},
                "mode": "exact",
                "returned": [cp_id],
                "too_many": False,
            },
        ),
        ("u-practitioner", "child_view", {"cp_id": cp_id, "level": "standard"}),
        ("u-practitioner", "child_view", {"cp_id": "000000000000", "level": None}),
    ]
    assert verify(engine).ok


@pytest.mark.parametrize("operation", ["search", "view"])
def test_no_audit_no_answer(
    world: World,
    service: Directory,
    engine: Engine,
    operation: str,
    request: pytest.FixtureRequest,
) -> None:
    cp_id = world.add_child()
    request.getfixturevalue("audit_refuses_inserts")
    with pytest.raises(AuditFailure, match="nothing was done"):
        if operation == "search":
            service.search(PRACTITIONER, {"cp_id": cp_id}, "exact", "c")
        else:
            service.view_child(PRACTITIONER, cp_id, "c")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar() == 0


def test_viewer_without_authority_cannot_manage(world: World, service: Directory) -> None:
    cp_id = world.add_child(shielded=True)
    rootless = Viewer("u-x", frozenset({"management"}))  # type: ignore[arg-type]
    assert service.view_child(rootless, cp_id, "c").level is Level.SHIELDED


def test_the_world_stores_the_clinic_as_sensitive(world: World, engine: Engine) -> None:
    from directory.schema import organisation

    with engine.connect() as conn:
        rows = dict(
            conn.execute(select(organisation.c.id, organisation.c.sensitive_category))
            .tuples()
            .all()
        )
    assert rows == {1: None, 2: None, 3: None, 4: "sexual_health"}


def test_searches_are_limited_per_user_per_minute(world: World, engine: Engine) -> None:
    from directory.errors import RateLimited

    moment = [dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)]
    service = Directory(
        engine,
        today=lambda: moment[0].date(),
        clock=lambda: moment[0],
        limits=UsageLimits(searches_per_minute=3),
    )
    cp_id = world.add_child()
    for _ in range(3):
        service.search(PRACTITIONER, {"cp_id": cp_id}, "exact", "c")
    with pytest.raises(RateLimited, match="wait a moment"):
        service.search(PRACTITIONER, {"cp_id": cp_id}, "exact", "c")
    assert audit_rows(engine)[-1] == ("u-practitioner", "search", {"refused": "rate_limited"})
    # Another user is not held back, and the first may search again a minute later.
    service.search(OVERRIDER, {"cp_id": cp_id}, "exact", "c")
    moment[0] += dt.timedelta(seconds=61)
    assert service.search(PRACTITIONER, {"cp_id": cp_id}, "exact", "c").matches
    assert verify(engine).ok
