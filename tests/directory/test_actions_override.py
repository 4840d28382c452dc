"""Shield override (directory.actions.override): reason, justification, fresh card, one view."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, select, text

from contract.limits import MIN_JUSTIFICATION_CHARACTERS
from directory import Level, Role, Viewer
from directory.actions import OVERRIDE_REASONS, Overridden, Reauth, list_alerts, override
from directory.actions.override import check_justification
from directory.errors import (
    AuditFailure,
    AuthenticationFailed,
    Conflict,
    InvalidRequest,
    NotAllowed,
    NotFound,
)
from directory.projection import project
from directory.records import load
from directory.team_schema import alert
from tests.directory.actions_support import (
    AT,
    JUSTIFICATION,
    POLICY,
    Overrider,
    audit_rows,
    count,
)
from tests.directory.builders import LA_NORTH, LA_SOUTH, TODAY, World, cp_id_for
from tests.directory.pki import ORIGIN

MANAGER_NORTH = Viewer("user:zz-mgmt-n", frozenset({Role.MANAGEMENT}), local_authority=LA_NORTH)
MANAGER_SOUTH = Viewer("user:zz-mgmt-s", frozenset({Role.MANAGEMENT}), local_authority=LA_SOUTH)
REASON = "police_investigation"


@pytest.fixture
def overrider(engine: Engine, world: World) -> Overrider:
    return Overrider.enrol(engine)


def run(
    overrider: Overrider,
    cp_id: str,
    *,
    viewer: Viewer | None = None,
    reason_code: str = REASON,
    justification: str = JUSTIFICATION,
    reauth: Reauth | None = None,
) -> Overridden:
    return override(
        overrider.engine,
        viewer or overrider.viewer,
        cp_id,
        reason_code=reason_code,
        justification=justification,
        reauth=reauth or overrider.reauth(cp_id),
        origin=ORIGIN,
        policy=POLICY,
        now=AT,
        correlation_id="cid-override",
    )


def test_override_shows_the_whole_record_once_audits_and_alerts(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(family_name="Zzshielded", shielded=True)

    done = run(overrider, cp_id)

    view = done.view
    assert view.level is Level.OVERRIDE and not view.cacheable
    assert view.address is not None and view.address.postcode == "LS6 2AB"
    assert view.carers and view.involvements
    # Nothing is remembered: the next ordinary view is shielded again.
    with engine.connect() as conn:
        record = load(conn, cp_id)
    assert record is not None
    again = project(record, overrider.viewer, TODAY)
    assert again is not None and again.level is Level.SHIELDED

    [row] = audit_rows(engine, "override")
    assert row["actor"] == "user:zz-override"
    assert row["cp_id"] == cp_id and row["reason_code"] == REASON
    assert row["justification"] == JUSTIFICATION
    assert row["justification_length"] == len(JUSTIFICATION)
    assert row["alert"] == done.alert_reference
    assert [r["cp_id"] for r in audit_rows(engine, "reauth")] == [cp_id]

    with engine.connect() as conn:
        stored = conn.execute(select(alert)).one()
    assert stored.reference == done.alert_reference
    assert (stored.local_authority, stored.kind, stored.status) == (LA_NORTH, "override", "open")
    assert (stored.cp_id, stored.user_id, stored.reason_code) == (cp_id, "user:zz-override", REASON)
    # The alert carries a reference and no personal details.
    flat = " ".join(str(v) for v in stored._mapping.values())
    for secret in ("Zzshielded", "Alpha", "LS6", "Zzaddress", "Carerson", "Northtown"):
        assert secret not in flat


def test_the_alert_is_seen_by_the_responsible_management_team_only(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)
    done = run(overrider, cp_id)

    north = list_alerts(engine, MANAGER_NORTH, now=AT, correlation_id="c")
    south = list_alerts(engine, MANAGER_SOUTH, now=AT, correlation_id="c")

    assert [a.reference for a in north.alerts] == [done.alert_reference]
    assert south.alerts == () and south.total == 0
    with pytest.raises(NotAllowed):
        list_alerts(engine, overrider.viewer, now=AT, correlation_id="c")


def test_every_reaccess_needs_a_new_override(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)
    reauth = overrider.reauth(cp_id)
    run(overrider, cp_id, reauth=reauth)

    with pytest.raises(AuthenticationFailed):
        run(overrider, cp_id, reauth=reauth)  # the same signed challenge again
    run(overrider, cp_id)

    assert count(engine, alert) == 2
    assert [r.get("refused") for r in audit_rows(engine, "override")] == [
        None,
        "authentication_failed",
        None,
    ]


def test_a_reason_not_on_the_published_list_is_refused(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)

    for reason in ("", "curiosity", "POLICE_INVESTIGATION"):
        with pytest.raises(InvalidRequest, match="published list"):
            run(overrider, cp_id, reason_code=reason)

    assert count(engine, alert) == 0
    assert [r["refused"] for r in audit_rows(engine, "override")] == ["invalid_request"] * 3


TOO_THIN = (
    "x",
    "x" * 60,
    "urgent urgent urgent urgent urgent urgent urgent urgent",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    "Need to see it now",  # few words, too short
    "1234567890 " * 6,
)


def test_a_short_or_thin_justification_is_refused_saying_what_is_needed(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)

    for thin in TOO_THIN:
        with pytest.raises(InvalidRequest) as refused:
            run(overrider, cp_id, justification=thin)
        assert f"at least {MIN_JUSTIFICATION_CHARACTERS} characters" in refused.value.message, thin

    assert count(engine, alert) == 0
    # Refusals record the reason code's check, never the text that was refused.
    assert all("justification" not in r for r in audit_rows(engine, "override"))


def test_justification_rule_accepts_a_real_sentence() -> None:
    assert check_justification("  " + JUSTIFICATION + "\n") == JUSTIFICATION
    with pytest.raises(InvalidRequest, match="cannot be stored"):
        check_justification(JUSTIFICATION + "\x00")


def test_a_reauthentication_signed_for_another_record_is_refused(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)
    other = world.add_child(given_name="Beta", shielded=True)

    # A challenge for this record, signed over the other record's ID.
    with pytest.raises(AuthenticationFailed):
        run(overrider, cp_id, reauth=overrider.reauth(cp_id, signed_for=other))
    # A challenge issued and signed for the other record, presented for this one.
    with pytest.raises(AuthenticationFailed):
        run(overrider, cp_id, reauth=overrider.reauth(other))

    assert count(engine, alert) == 0
    assert [r["reason"] for r in audit_rows(engine, "reauth_failed")] == [
        "bad_signature",
        "wrong_record",
    ]


def test_a_login_challenge_is_not_a_reauthentication(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)

    with pytest.raises(AuthenticationFailed):
        run(overrider, cp_id, reauth=overrider.reauth(cp_id, purpose="login"))

    assert [r["reason"] for r in audit_rows(engine, "reauth_failed")] == ["wrong_purpose"]
    assert count(engine, alert) == 0


def test_a_signature_that_is_not_base64_is_refused(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)

    with pytest.raises(AuthenticationFailed, match="base64"):
        run(overrider, cp_id, reauth=Reauth("whatever", "not base64!"))


def test_only_the_override_role_may_override(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=True)
    others = (Role.PRACTITIONER, Role.MANAGEMENT, Role.SHIELD_OFFICER, Role.HELPDESK)
    for role in (*others, Role.ADMINISTRATOR):
        # The same enrolled user and card, without the override right.
        viewer = dataclasses.replace(
            overrider.viewer, roles=frozenset({role}), local_authority=LA_NORTH
        )
        with pytest.raises(NotAllowed):
            run(overrider, cp_id, viewer=viewer)

    assert count(engine, alert) == 0
    assert {r["refused"] for r in audit_rows(engine, "override")} == {"not_allowed"}
    assert audit_rows(engine, "reauth") == []  # refused before the card was asked


def test_overriding_a_record_that_is_not_shielded_is_a_conflict(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    cp_id = world.add_child(shielded=False)

    with pytest.raises(Conflict, match="not shielded"):
        run(overrider, cp_id)

    assert count(engine, alert) == 0
    assert audit_rows(engine, "override")[-1]["refused"] == "conflict"


def test_unknown_and_archived_records_are_not_found(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    archived = world.add_child(shielded=True, date_of_birth=TODAY.replace(year=TODAY.year - 19))
    never_issued = cp_id_for(999)

    for cp_id in (archived, never_issued):
        with pytest.raises(NotFound):
            run(overrider, cp_id)

    assert count(engine, alert) == 0
    assert [r["refused"] for r in audit_rows(engine, "override")] == ["not_found", "not_found"]


def test_when_no_audit_row_can_be_written_nothing_is_shown(
    engine: Engine, world: World, overrider: Overrider, request: pytest.FixtureRequest
) -> None:
    cp_id = world.add_child(shielded=True)
    reauth = overrider.reauth(cp_id)
    request.getfixturevalue("audit_refuses_inserts")  # after the set-up, which audits too

    with pytest.raises(AuditFailure):
        run(overrider, cp_id, reauth=reauth)

    assert count(engine, alert) == 0


def test_when_the_override_row_cannot_be_written_the_alert_is_rolled_back(
    engine: Engine, world: World, overrider: Overrider
) -> None:
    # The re-authentication's own row is written; only the override's row fails, after the
    # alert was inserted in the same transaction.
    cp_id = world.add_child(shielded=True)
    reauth = overrider.reauth(cp_id)
    _refuse_audit_rows(engine, "override")

    with pytest.raises(AuditFailure):
        run(overrider, cp_id, reauth=reauth)

    assert count(engine, alert) == 0
    assert len(audit_rows(engine, "reauth")) == 1


def _refuse_audit_rows(engine: Engine, action: str) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION test_refuse_action() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN IF NEW.action = '{action}' THEN RAISE EXCEPTION 'no'; END IF; "
                    "RETURN NEW; END; $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER test_refuse_action BEFORE INSERT ON audit_log "
                    "FOR EACH ROW EXECUTE FUNCTION test_refuse_action()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER test_refuse_action BEFORE INSERT ON audit_log "
                    f"WHEN NEW.action = '{action}' BEGIN SELECT RAISE(ABORT, 'no'); END"
                )
            )


def test_the_published_reasons_have_codes_and_labels() -> None:
    codes = [reason.code for reason in OVERRIDE_REASONS]
    assert len(set(codes)) == len(codes) >= 5
    assert all(reason.label and reason.code.isidentifier() for reason in OVERRIDE_REASONS)
