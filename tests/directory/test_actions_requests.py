"""Contact and shield requests (directory.actions): stored for the authority, shield holds."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from directory import Role, Viewer
from directory.actions import request_contact, request_shield
from directory.errors import AuditFailure, Conflict, InvalidRequest, NotAllowed, NotFound
from directory.team_schema import contact_request, shield_request
from tests.directory.actions_support import AT, audit_rows, count
from tests.directory.builders import LA_SOUTH, TODAY, World

PRACTITIONER = Viewer("user:zz-visitor", frozenset({Role.PRACTITIONER}), organisation_id=3)
HELPDESK = Viewer("user:zz-help", frozenset({Role.HELPDESK}))
# Everything a shielded record hides, including its authority's name and numbers.
SECRETS = ("Zzshielded", "LS6", "Zzaddress", "Carerson", "Southport", "0117 496", "E06000023")


def test_a_contact_request_is_stored_for_the_authority_and_reveals_nothing(
    engine: Engine, world: World
) -> None:
    cp_id = world.add_child(family_name="Zzshielded", shielded=True, responsible_la=LA_SOUTH)

    receipt = request_contact(
        engine,
        PRACTITIONER,
        cp_id,
        "Please ask the family's worker to call me.",
        now=AT,
        correlation_id="c",
    )

    assert receipt.reference.startswith("CON-") and receipt.reference in receipt.message
    for secret in SECRETS:
        assert secret not in str(receipt.as_json())
    with engine.connect() as conn:
        row = conn.execute(select(contact_request)).one()
    assert (row.cp_id, row.local_authority, row.user_id, row.status) == (
        cp_id,
        LA_SOUTH,
        "user:zz-visitor",
        "open",
    )
    [audited] = audit_rows(engine, "contact_request")
    assert audited["reference"] == receipt.reference and "message" not in audited


def test_contact_requests_are_refused_to_roles_that_do_not_read_children(
    engine: Engine, world: World
) -> None:
    cp_id = world.add_child(shielded=True)
    archived = world.add_child(date_of_birth=TODAY.replace(year=TODAY.year - 19))

    with pytest.raises(NotAllowed):
        request_contact(engine, HELPDESK, cp_id, "Hello", now=AT, correlation_id="c")
    with pytest.raises(NotFound):
        request_contact(engine, PRACTITIONER, archived, "Hello", now=AT, correlation_id="c")
    with pytest.raises(InvalidRequest):
        request_contact(engine, PRACTITIONER, cp_id, "   ", now=AT, correlation_id="c")

    assert count(engine, contact_request) == 0
    assert [r["refused"] for r in audit_rows(engine, "contact_request")] == [
        "not_allowed",
        "not_found",
        "invalid_request",
    ]


def test_a_shield_request_is_stored_for_the_authority(engine: Engine, world: World) -> None:
    cp_id = world.add_child(responsible_la=LA_SOUTH)

    receipt = request_shield(
        engine,
        PRACTITIONER,
        cp_id,
        "domestic_violence",
        "Father has made threats.",
        now=AT,
        correlation_id="c",
    )

    assert receipt.reference.startswith("SHR-")
    assert "Southport" not in receipt.message
    with engine.connect() as conn:
        row = conn.execute(select(shield_request)).one()
    assert (row.local_authority, row.reason_category, row.status) == (
        LA_SOUTH,
        "domestic_violence",
        "open",
    )


def test_shield_requests_are_checked(engine: Engine, world: World) -> None:
    shielded = world.add_child(shielded=True)
    plain = world.add_child(given_name="Beta")

    with pytest.raises(Conflict, match="already shielded"):
        request_shield(
            engine, PRACTITIONER, shielded, "other_serious_risk", "n", now=AT, correlation_id="c"
        )
    with pytest.raises(InvalidRequest, match="reason category"):
        request_shield(engine, PRACTITIONER, plain, "nosy", "n", now=AT, correlation_id="c")
    with pytest.raises(NotAllowed):
        request_shield(
            engine, HELPDESK, plain, "other_serious_risk", "n", now=AT, correlation_id="c"
        )

    assert count(engine, shield_request) == 0


def test_fail_closed_leaves_no_request(
    engine: Engine, world: World, request: pytest.FixtureRequest
) -> None:
    cp_id = world.add_child()
    request.getfixturevalue("audit_refuses_inserts")

    with pytest.raises(AuditFailure):
        request_contact(engine, PRACTITIONER, cp_id, "Hello", now=AT, correlation_id="c")
    with pytest.raises(AuditFailure):
        request_shield(
            engine, PRACTITIONER, cp_id, "other_serious_risk", "n", now=AT, correlation_id="c"
        )

    assert count(engine, contact_request) == count(engine, shield_request) == 0
