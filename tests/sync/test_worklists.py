"""sync.worklists against the real directory in-process (Starlette's TestClient is an
httpx.Client): the shield's life with two officers and the team, brokered contact, shield
requests, the alert worklist and the access history, read into sync.worklist_models; and
arguments that could change a path refused before anything is sent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from contract.codes import (
    AlertOutcome,
    AlertStatus,
    ContactRequestStatus,
    ReviewDecision,
    ShieldDue,
    ShieldPhase,
    ShieldRequestStatus,
)
from contract.reader import ShapeError
from directory.api import ApiSettings, create_app
from directory.shields.reasons import SHIELD_REASONS
from sync import DirectoryClient, DirectoryRefused, Forbidden, NotFoundOrHidden
from sync.worklist_models import ShieldReasonItem, read_alert_page
from sync.worklists import Worklists
from tests.directory.builders import LA_NORTH, LA_SOUTH, World
from tests.directory.pki import NOW, ORIGIN, TestCA, enrol
from tests.sync.test_client_actions import SoftToken

FAMILY = "Zzworklist"
MESSAGE = "Zzsender from the clinic needs to reach the child's school nurse this week."
USERS = (
    # name, roles, local authority, organisation
    ("zz-practitioner", "practitioner", None, 3),
    ("zz-override", "practitioner,override", None, 3),
    ("zz-officer-1", "shield_officer", LA_NORTH, None),
    ("zz-officer-2", "shield_officer", LA_NORTH, None),
    ("zz-manager", "management", LA_NORTH, None),
    ("zz-manager-south", "management", LA_SOUTH, None),
)


@dataclass
class Desk:
    world: World
    client: DirectoryClient
    tokens: dict[str, SoftToken]
    sent: list[httpx.Request]

    def as_(self, name: str) -> Worklists:
        if self.client.signed_in:
            self.client.sign_out()
        self.client.login(self.tokens[name])
        return Worklists(self.client)


@pytest.fixture
def desk(engine: Engine, tmp_path: Path) -> Iterator[Desk]:
    world = World(engine).setup()
    ca = TestCA.create()
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.pem)
    tokens = {}
    for name, roles, la, org in USERS:
        card = ca.issue(name=name)
        enrol(engine, ca, card, name=name, roles=roles, local_authority=la, organisation_id=org)
        tokens[name] = SoftToken(card)
    settings = ApiSettings(origin=ORIGIN, trusted_ca_files=(str(ca_file),), clock=lambda: NOW)
    sent: list[httpx.Request] = []
    with TestClient(create_app(engine, settings), base_url=ORIGIN) as http:
        http.event_hooks["request"].append(sent.append)
        yield Desk(world, DirectoryClient(ORIGIN, client=http), tokens, sent)


def test_the_shield_s_life_takes_two_officers_and_the_team(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    placed = desk.as_("zz-officer-1").place_shield(cp_id, "domestic_violence", "Zznote refuge.")
    assert (placed.state, placed.shielded, placed.reason_code) == (
        ShieldPhase.UNCONFIRMED,
        True,
        "domestic_violence",
    )
    assert placed.next_review is not None and ShieldDue.UNCONFIRMED in placed.due
    with pytest.raises(DirectoryRefused) as caught:
        desk.as_("zz-officer-1").confirm_shield(cp_id)
    assert caught.value.status == 409
    confirmed = desk.as_("zz-officer-2").confirm_shield(cp_id)
    assert confirmed.state is ShieldPhase.CONFIRMED and confirmed.due == ()

    proposed = desk.as_("zz-officer-1").propose_lift(cp_id)
    assert (proposed.state, proposed.shielded) == (ShieldPhase.LIFT_PENDING, True)
    team = desk.as_("zz-manager")
    reviews = team.reviews()
    assert [(s.cp_id, s.due) for s in reviews.items] == [(placed.cp_id, (ShieldDue.LIFT_PENDING,))]
    lifted = team.confirm_lift(cp_id)
    assert (lifted.state, lifted.shielded) == (ShieldPhase.UNSHIELDED, False)
    assert team.reviews().items == ()


def test_a_review_renews_the_shield(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-officer-1").place_shield(cp_id, "witness_protection", "Zznote court order.")
    renewed = desk.as_("zz-manager").review_shield(cp_id, ReviewDecision.RENEW, "Zzstill needed.")
    assert renewed.state is ShieldPhase.UNCONFIRMED and renewed.next_review is not None


def test_another_authority_s_child_is_like_an_unknown_one(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    south = desk.as_("zz-manager-south")
    with pytest.raises(NotFoundOrHidden):
        south.access_history(cp_id)
    with pytest.raises(NotFoundOrHidden):
        south.confirm_lift(cp_id)


def test_contact_requests_are_brokered_and_the_requester_sees_only_the_outcome(
    desk: Desk,
) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-practitioner")
    receipt = desk.client.request_contact(cp_id, MESSAGE)
    team = desk.as_("zz-manager")
    (item,) = team.requests("contact", status="open").items
    assert (item.reference, item.cp_id, item.message, item.requester) == (
        receipt["reference"],
        cp_id.replace(" ", ""),
        MESSAGE,
        "zz-practitioner",
    )
    done = team.decide_request("contact", item.id, "brokered", "Zzphoned the school nurse.")
    assert done.status is ContactRequestStatus.BROKERED and done.decided_at is not None
    (own,) = desk.as_("zz-practitioner").requests("contact").items
    assert own.status is ContactRequestStatus.BROKERED
    assert (own.requester, own.decided_by, own.decision_note) == (None, None, None)


def test_a_granted_shield_request_places_the_shield(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-practitioner")
    desk.client.request_shield(cp_id, "domestic_violence", "Zznote: mother in a refuge.")
    officer = desk.as_("zz-officer-1")
    (item,) = officer.requests("shield").items
    granted = officer.decide_request("shield", item.id, "granted", "Zzplaced today.")
    assert granted.status is ShieldRequestStatus.GRANTED
    desk.as_("zz-practitioner")
    assert desk.client.child(cp_id)["level"] == "shielded"


def test_an_override_is_an_alert_the_team_closes_with_an_outcome(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY, shielded=True)
    desk.as_("zz-override")
    justification = "Zzchild protection enquiry opened today after a call from the school."
    done = desk.client.override(
        desk.tokens["zz-override"], cp_id, "child_protection_enquiry", justification
    )
    team = desk.as_("zz-manager")
    (alert,) = team.alerts(AlertStatus.OPEN).items
    assert (alert.reference, alert.kind, alert.status) == (
        done.alert_reference,
        "override",
        AlertStatus.OPEN,
    )
    assert alert.cp_id == cp_id.replace(" ", "")
    assert not alert.past_target
    acknowledged = team.update_alert(alert.id, AlertStatus.ACKNOWLEDGED)
    assert acknowledged.status is AlertStatus.ACKNOWLEDGED
    with pytest.raises(DirectoryRefused):
        team.update_alert(alert.id, AlertStatus.CLOSED)  # no outcome, no note
    closed = team.update_alert(
        alert.id, AlertStatus.CLOSED, outcome=AlertOutcome.JUSTIFIED, note="Zzchecked."
    )
    assert (closed.status, closed.outcome) == (AlertStatus.CLOSED, AlertOutcome.JUSTIFIED)
    assert team.alerts(AlertStatus.OPEN).items == ()

    history = team.access_history(cp_id)
    overrides = [e for e in history.items if e.action == "override"]
    assert [(e.user, e.override_reason) for e in overrides] == [
        ("zz-override", "child_protection_enquiry")
    ]
    assert history.total == len(history.items) and not history.more


def test_a_practitioner_may_not_see_alerts_or_access_history(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    practitioner = desk.as_("zz-practitioner")
    with pytest.raises(Forbidden):
        practitioner.alerts()
    with pytest.raises(Forbidden):
        practitioner.access_history(cp_id)


def test_the_shield_reasons_are_the_published_list(desk: Desk) -> None:
    reasons = desk.as_("zz-officer-1").shield_reasons()
    assert reasons == tuple(ShieldReasonItem(r.code, r.label) for r in SHIELD_REASONS)


@pytest.mark.parametrize("bad", ["", "../alerts", "a/b", "a?b=1", "%2F", 7])
def test_a_handle_that_is_not_one_is_not_sent(desk: Desk, bad: object) -> None:
    team = desk.as_("zz-manager")
    before = len(desk.sent)
    with pytest.raises(ValueError):
        team.update_alert(bad, AlertStatus.ACKNOWLEDGED)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        team.decide_request("contact", bad, "brokered", "Zznote.")  # type: ignore[arg-type]
    assert len(desk.sent) == before


def test_statuses_and_pages_that_are_not_codes_are_not_sent(desk: Desk) -> None:
    team = desk.as_("zz-manager")
    before = len(desk.sent)
    for call in (
        lambda: team.alerts("bogus"),  # type: ignore[arg-type]
        lambda: team.requests("contact", status="granted"),
        lambda: team.decide_request("shield", "abc", "brokered", "Zznote."),
        lambda: team.reviews(page=0),
        lambda: team.access_history("12/34"),
    ):
        with pytest.raises(ValueError):
            call()
    assert len(desk.sent) == before


def test_nothing_personal_is_in_a_url(desk: Desk) -> None:
    cp_id = desk.world.add_child(family_name=FAMILY)
    desk.as_("zz-practitioner")
    desk.client.request_contact(cp_id, MESSAGE)
    team = desk.as_("zz-manager")
    (item,) = team.requests("contact").items
    team.decide_request("contact", item.id, "declined", "Zzno practitioner on the record.")
    team.access_history(cp_id)
    for request in desk.sent:
        assert FAMILY not in str(request.url) and "Zz" not in str(request.url)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"alerts": [{"id": "x"}], "page": 1, "page_size": 50, "total": 1}, "alerts[0]"),
        ({"alerts": [], "page": 0, "page_size": 50, "total": 0}, "impossible page"),
        ({"alerts": [], "page": 1, "page_size": 50}, "total"),
    ],
)
def test_a_malformed_page_is_refused_naming_the_field(body: object, named: str) -> None:
    with pytest.raises(ShapeError) as caught:
        read_alert_page(body)
    assert named in str(caught.value)
