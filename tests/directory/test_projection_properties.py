"""Property tests: no hidden field reaches a viewer who may not see it (DESIGN.md 3.3, 3.4).

Every value a viewer may not see carries a marker ("HID" for shield-hidden fields, "SENS"
for a sensitive involvement), so a leak anywhere in the serialised output is a substring.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from contract.codes import ShieldPhase
from directory.anniversaries import years_after
from directory.projection import Level, archived_since, project
from directory.records import (
    Authority,
    Carer,
    FormerName,
    Involvement,
    Organisation,
    Shield,
    StoredRecord,
)
from directory.viewer import Role, Viewer

TODAY = dt.date(2026, 6, 15)
CP_ID = "889862171612"
AUTHORITIES = ("E08000035", "E06000023")


def hidden(tag: str = "HID") -> st.SearchStrategy[str]:
    return st.text("abcxyz", min_size=1, max_size=5).map(lambda s: f"{tag}{s}")


def organisation(tag: str, ids: tuple[int, ...] = (3, 5)) -> st.SearchStrategy[Organisation]:
    return st.builds(
        Organisation,
        id=st.sampled_from(ids),
        name=hidden(tag),
        phone=hidden(tag),
        email=st.none() | hidden(tag),
        address=st.none() | hidden(tag),
        postcode=st.none() | hidden(tag),
    )


def involvement(sensitive: bool) -> st.SearchStrategy[Involvement]:
    tag = "SENS" if sensitive else "HID"
    return st.builds(
        Involvement,
        id=st.integers(1, 99).map(lambda n: f"handle{n}"),  # ids are opaque handles
        organisation=organisation(tag, (4, 5) if sensitive else (3, 5)),
        practitioner_name=st.none() | hidden(tag),
        practitioner_role=hidden(tag),
        phone=hidden(tag),
        email=st.none() | hidden(tag),
        start_date=st.just(dt.date(2024, 1, 1)),
        ceased_date=st.none(),
        lead_professional=st.booleans(),
        caf=st.booleans(),
        caf_started=st.none(),
        caf_completed=st.none(),
        sensitive_category=st.just("sexual_health") if sensitive else st.none(),
        consent_basis=st.just("child_consent") if sensitive else st.none(),
    )


dates = st.dates(TODAY - dt.timedelta(days=365 * 26), TODAY)

records = st.builds(
    StoredRecord,
    cp_id=st.just(CP_ID),
    family_name=st.just("Visiblefamily"),
    given_name=st.just("Visiblegiven"),
    middle_names=st.none() | hidden(),
    date_of_birth=dates,
    gender=st.sampled_from(["female", "male", "not_specified"]),
    address_line1=st.none() | hidden(),
    address_line2=st.none() | hidden(),
    town=st.none() | hidden(),
    postcode=st.none() | hidden(),
    address_state=st.sampled_from(["current", "last_known", "left_england"]),
    left_england_intent=st.none(),
    date_of_death=st.none() | dates,
    responsible_authority=st.builds(
        Authority,
        code=st.sampled_from(AUTHORITIES),
        name=hidden(),
        office_hours_phone=hidden(),
        out_of_hours_phone=hidden(),
    ),
    school=st.none() | organisation("HID"),
    school_start_date=st.none() | dates,
    gp=st.none() | organisation("HID"),
    shield=st.none()
    | st.builds(
        Shield,
        since=dates,
        by=hidden("SHIELD"),
        reason=hidden("SHIELD"),
        review_date=dates,
        state=st.sampled_from([p for p in ShieldPhase if p is not ShieldPhase.UNSHIELDED]),
        confirmed_by=st.none() | hidden("SHIELD"),
        lift_proposed_by=st.none() | hidden("SHIELD"),
    ),
    archived_on=st.none() | dates,
    former_names=st.lists(st.builds(FormerName, hidden(), hidden(), st.none()), max_size=2).map(
        tuple
    ),
    carers=st.lists(
        st.builds(
            Carer,
            hidden(),
            hidden(),
            hidden(),
            st.booleans(),
            hidden(),
            st.none(),
            st.none(),
            st.none(),
            st.none(),
        ),
        max_size=2,
    ).map(tuple),
    involvements=st.tuples(
        st.lists(involvement(False), max_size=3), st.lists(involvement(True), max_size=2)
    ).map(lambda pair: tuple(pair[0] + pair[1])),
)

viewers = st.builds(
    Viewer,
    user_id=st.just("u"),
    roles=st.frozensets(st.sampled_from(list(Role))),
    organisation_id=st.none() | st.sampled_from([3, 4, 5]),
    local_authority=st.none() | st.sampled_from(AUTHORITIES),
    override_for=st.none() | st.sampled_from([CP_ID, "507896160380"]),
)


@settings(max_examples=600, deadline=None)
@given(record=records, viewer=viewers, today=st.dates(TODAY, TODAY + dt.timedelta(days=800)))
def test_projection_never_leaks(record: StoredRecord, viewer: Viewer, today: dt.date) -> None:
    view = project(record, viewer, today)
    manages = viewer.manages(record.responsible_authority.code)
    archived = archived_since(record)
    if not viewer.reads_children:
        assert view is None
        return
    if archived <= today:
        assert (view is not None) == (manages and today < years_after(archived, 1))
    if view is None:
        return
    body = json.dumps({k: v for k, v in view.as_dict().items() if k != "shield"})
    if record.shield is not None and not manages and not viewer.overrides(record.cp_id):
        assert view.level is Level.SHIELDED
        assert "HID" not in body and "SENS" not in body
        assert view.involvements is None and view.address is None
        assert "postcode" not in view.searchable_fields()
        assert "former_names" not in view.searchable_fields()
    if not manages:
        visible_sensitive = [
            i
            for i in record.involvements
            if i.sensitive_category and i.organisation.id == viewer.organisation_id
        ]
        if not visible_sensitive:
            assert "SENS" not in body
        if view.involvements is not None:
            assert len(view.involvements) == len(
                [i for i in record.involvements if not i.sensitive_category]
            ) + len(visible_sensitive)
    officer = (
        Role.SHIELD_OFFICER in viewer.roles
        and viewer.local_authority == record.responsible_authority.code
    )
    if view.shield is not None:
        assert manages or officer
    if not (manages or officer):
        # Who placed, confirmed or proposed lifting a shield, and why: for those who work it.
        assert "SHIELD" not in json.dumps(view.as_dict())
    assert view.cacheable == (view.level in (Level.STANDARD, Level.SHIELDED))
