"""Own involvements (directory.actions.involvements): add, and mark ceased, one's own only."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine, select, update

from directory import Role, Viewer
from directory.actions import NewInvolvement, add_involvement, cease_involvement
from directory.errors import (
    AuditFailure,
    Conflict,
    InvalidRequest,
    NotAllowed,
    NotFound,
)
from directory.handles import new_handle
from directory.schema import involvement, organisation, search_entry
from tests.directory.actions_support import AT, audit_rows, count
from tests.directory.builders import LA_NORTH, TODAY, World

PRACTITIONER = Viewer("user:zz-visitor", frozenset({Role.PRACTITIONER}), organisation_id=3)
CLINIC = Viewer("user:zz-nurse", frozenset({Role.PRACTITIONER}), organisation_id=4)
WORK = NewInvolvement(
    practitioner_role="school nurse",
    phone="0113 496 0999",
    start_date=dt.date(2026, 5, 1),
    email="zz.nurse@example.org",
    caf=True,
    caf_started=dt.date(2026, 5, 2),
)


@pytest.fixture
def world(world: World) -> World:
    # World.setup inserts the organisations in one executemany whose first row has no
    # sensitive_category, so the clinic's category is dropped there (reported); set it here.
    with world.engine.begin() as conn:
        conn.execute(
            update(organisation)
            .where(organisation.c.id == world.sensitive_service_id)
            .values(sensitive_category="sexual_health")
        )
    return world


def add(engine: Engine, viewer: Viewer, cp_id: str, item: NewInvolvement = WORK) -> str:
    return add_involvement(engine, viewer, cp_id, item, now=AT, correlation_id="c").id


def cease(engine: Engine, viewer: Viewer, cp_id: str, item: str) -> None:
    cease_involvement(engine, viewer, cp_id, item, TODAY, now=AT, correlation_id="c")


def stored(engine: Engine, item: str) -> object:
    with engine.connect() as conn:
        return conn.execute(select(involvement).where(involvement.c.handle == item)).one()


def test_a_practitioner_adds_their_own_involvement_and_marks_it_ceased(
    engine: Engine, world: World
) -> None:
    cp_id = world.add_child()
    entries = count(engine, search_entry)

    added = add_involvement(engine, PRACTITIONER, cp_id, WORK, now=AT, correlation_id="c")

    row = stored(engine, added.id)
    assert row.organisation_id == 3 and row.practitioner_name == "zz-visitor"  # type: ignore[attr-defined]
    assert row.caf and row.sensitive_category is None and row.ceased_date is None  # type: ignore[attr-defined]
    assert added.as_json()["practitioner_role"] == "school nurse"
    assert count(engine, search_entry) == entries  # involvements are not searchable

    cease(engine, PRACTITIONER, cp_id, added.id)

    assert stored(engine, added.id).ceased_date == TODAY  # type: ignore[attr-defined]
    with pytest.raises(Conflict):
        cease(engine, PRACTITIONER, cp_id, added.id)
    assert [r["involvement"] for r in audit_rows(engine, "involvement_add")] == [added.id]
    assert [r.get("refused") for r in audit_rows(engine, "involvement_cease")] == [
        None,
        "conflict",
    ]


def test_another_organisations_involvement_cannot_be_ceased_and_looks_unknown(
    engine: Engine, world: World
) -> None:
    cp_id = world.add_child(sensitive=True)
    theirs = add(engine, CLINIC, cp_id, dataclasses.replace(WORK, consent_basis="child_consent"))

    with pytest.raises(NotFound) as other_org:
        cease(engine, PRACTITIONER, cp_id, theirs)
    with pytest.raises(NotFound) as no_such:
        cease(engine, PRACTITIONER, cp_id, new_handle())

    assert other_org.value.message == no_such.value.message
    assert stored(engine, theirs).ceased_date is None  # type: ignore[attr-defined]


def test_an_involvement_of_another_child_cannot_be_ceased_through_this_one(
    engine: Engine, world: World
) -> None:
    first, second = world.add_child(), world.add_child(given_name="Beta")
    mine = add(engine, PRACTITIONER, first)

    with pytest.raises(NotFound):
        cease(engine, PRACTITIONER, second, mine)


def test_a_sensitive_service_records_a_sensitive_involvement_with_its_consent_basis(
    engine: Engine, world: World
) -> None:
    cp_id = world.add_child()

    with pytest.raises(InvalidRequest, match="consent basis"):
        add(engine, CLINIC, cp_id)
    with pytest.raises(InvalidRequest, match="only by sensitive"):
        add(engine, PRACTITIONER, cp_id, dataclasses.replace(WORK, consent_basis="child_consent"))
    item = add(engine, CLINIC, cp_id, dataclasses.replace(WORK, consent_basis="child_consent"))

    row = stored(engine, item)
    assert (row.sensitive_category, row.consent_basis) == ("sexual_health", "child_consent")  # type: ignore[attr-defined]


def test_adding_to_a_shielded_child_reveals_nothing_of_the_record(
    engine: Engine, world: World
) -> None:
    cp_id = world.add_child(family_name="Zzshielded", shielded=True)

    added = add_involvement(engine, PRACTITIONER, cp_id, WORK, now=AT, correlation_id="c")

    body = str(added.as_json())
    for secret in (
        "Zzshielded",
        "Alpha",
        "LS6",
        "Zzhealth",
        "Carerson",
        "Northtown",
        "0113 496 0301",
    ):
        assert secret not in body


def test_who_may_add_involvements(engine: Engine, world: World) -> None:
    cp_id = world.add_child()
    archived = world.add_child(date_of_birth=TODAY.replace(year=TODAY.year - 19))
    manager = Viewer("user:zz-m", frozenset({Role.MANAGEMENT}), local_authority=LA_NORTH)
    no_org = Viewer("user:zz-free", frozenset({Role.PRACTITIONER}))

    for viewer in (manager, no_org, Viewer("user:zz-h", frozenset({Role.HELPDESK}))):
        with pytest.raises(NotAllowed):
            add(engine, viewer, cp_id)
    with pytest.raises(NotFound):
        add(engine, PRACTITIONER, archived)

    assert count(engine, involvement) == 2  # the builder's two
    assert {r["refused"] for r in audit_rows(engine, "involvement_add")} == {
        "not_allowed",
        "not_found",
    }


def test_dates_and_contact_details_are_checked(engine: Engine, world: World) -> None:
    cp_id = world.add_child()
    tomorrow = TODAY + dt.timedelta(days=1)

    for bad, message in (
        (dataclasses.replace(WORK, start_date=tomorrow), "future"),
        (dataclasses.replace(WORK, phone="call me"), "phone"),
        (dataclasses.replace(WORK, email="nobody"), "email"),
        (dataclasses.replace(WORK, caf=False), "CAF"),
        (dataclasses.replace(WORK, practitioner_role="  "), "practitioner role"),
    ):
        with pytest.raises(InvalidRequest, match=message):
            add(engine, PRACTITIONER, cp_id, bad)
    mine = add(engine, PRACTITIONER, cp_id)
    with pytest.raises(InvalidRequest, match="before"):
        cease_involvement(
            engine, PRACTITIONER, cp_id, mine, dt.date(2026, 1, 1), now=AT, correlation_id="c"
        )


def test_fail_closed_leaves_no_involvement(
    engine: Engine, world: World, request: pytest.FixtureRequest
) -> None:
    cp_id = world.add_child()
    request.getfixturevalue("audit_refuses_inserts")

    with pytest.raises(AuditFailure):
        add(engine, PRACTITIONER, cp_id)

    assert count(engine, involvement) == 1
