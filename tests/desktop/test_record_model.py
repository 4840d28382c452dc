"""RecordModel.from_json on what the directory really sends at every level, and on bad shapes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from desktop.records import RecordLevel, RecordModel
from tests.ui.samples import cp_id_of, record_json

FULL_SECTIONS = ("address", "responsible_authority", "school", "gp", "carers", "involvements")


def test_standard_view_has_every_section_the_projection_sent() -> None:
    record = RecordModel.from_json(record_json("standard"))
    assert record.level is RecordLevel.STANDARD and record.full
    assert record.cp_id == cp_id_of("alpha")
    assert (record.family_name, record.given_name, record.middle_names) == (
        "Testerson",
        "Alpha",
        "Zeta",
    )
    assert record.date_of_birth == dt.date(2015, 3, 7)
    assert record.gender == "female"
    assert record.shielded is False and record.cacheable is True
    assert all(getattr(record, name) is not None for name in FULL_SECTIONS)
    assert record.former_names is not None
    assert [(f.family_name, f.used_until) for f in record.former_names] == [("Oldnameson", None)]
    assert record.address is not None
    assert (record.address.state, record.address.postcode) == ("current", "LS6 2AB")
    assert record.responsible_authority is not None
    assert record.responsible_authority.out_of_hours_phone == "0113 496 0002"
    assert record.school is not None and record.school.name == "Zzschool Primary"
    assert record.school_start_date == dt.date(2020, 9, 1)
    assert record.carers is not None
    assert [(c.relationship, c.parental_responsibility) for c in record.carers] == [
        ("mother", True)
    ]
    assert record.shield is None and record.broker_contact is None


def test_involvements_keep_lead_caf_ceased_and_sensitive_details() -> None:
    standard = RecordModel.from_json(record_json("standard"))
    assert standard.involvements is not None
    by_role = {i.practitioner_role: i for i in standard.involvements}
    nurse, visitor = by_role["school nurse"], by_role["health visitor"]
    assert nurse.lead_professional and nurse.caf and nurse.active
    assert (nurse.caf_started, nurse.caf_completed) == (dt.date(2025, 2, 10), dt.date(2025, 4, 1))
    assert nurse.organisation.name == "Zzhealth Visiting"
    assert visitor.ceased_date == dt.date(2025, 1, 31) and not visitor.active
    # The practitioner's view has no trace of the sensitive service; the clinic's has it.
    assert not any(i.sensitive for i in standard.involvements)
    clinic = RecordModel.from_json(record_json("clinic"))
    assert clinic.involvements is not None
    (sensitive,) = [i for i in clinic.involvements if i.sensitive]
    assert (sensitive.sensitive_category, sensitive.consent_basis) == (
        "sexual_health",
        "child_consent",
    )


def test_shielded_view_holds_four_fields_and_nothing_invented() -> None:
    record = RecordModel.from_json(record_json("shielded"))
    assert record.level is RecordLevel.SHIELDED and not record.full
    assert record.shielded and record.broker_contact
    assert (record.family_name, record.given_name) == ("Testerson", "Beta")
    for name in (*FULL_SECTIONS, "middle_names", "former_names", "date_of_death", "shield"):
        assert getattr(record, name) is None, name


def test_override_management_and_archived_levels() -> None:
    override = RecordModel.from_json(record_json("override"))
    assert override.level is RecordLevel.OVERRIDE and override.shielded
    assert override.cacheable is False and override.address is not None
    assert override.shield is None  # shield details are for the authority, not the overrider
    management = RecordModel.from_json(record_json("management"))
    assert management.level is RecordLevel.MANAGEMENT and management.cacheable is False
    assert management.shield is not None
    assert (management.shield.reason, management.shield.review_date) == (
        "domestic_violence",
        dt.date(2026, 7, 1),
    )
    archived = RecordModel.from_json(record_json("archived"))
    assert archived.archived_on == dt.date(2026, 3, 1)
    assert archived.date_of_death == dt.date(2025, 3, 1)
    assert archived.address is not None and archived.address.state == "no_known_address"


def test_a_shield_officer_gets_the_shield_with_the_four_fields() -> None:
    record = RecordModel.from_json(record_json("officer"))
    assert record.level is RecordLevel.SHIELDED and record.address is None
    assert record.shield is not None and record.shield.since == dt.date(2026, 1, 1)


def test_null_reads_as_absent() -> None:
    body = record_json("standard")
    body["school"] = None
    body["middle_names"] = None
    record = RecordModel.from_json(body)
    assert record.school is None and record.middle_names is None


def test_unknown_codes_and_extra_fields_are_kept_or_ignored_not_refused() -> None:
    body = record_json("standard")
    body["gender"] = "some_new_code"
    body["address"]["state"] = "temporary_accommodation"
    body["a_field_added_later"] = {"anything": 1}
    record = RecordModel.from_json(body)
    assert record.gender == "some_new_code"
    assert record.address is not None and record.address.state == "temporary_accommodation"


def _set(body: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    target: Any = body
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()
SECRET = "Zzsecretvalue"


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("family_name",), _DELETE, "'family_name'"),
        (("family_name",), 7, "'family_name'"),
        (("date_of_birth",), SECRET, "'date_of_birth'"),
        (("level",), SECRET, "'level'"),
        (("cp_id",), SECRET, "'cp_id'"),
        (("cp_id",), "1234 5678 9012", "'cp_id'"),
        (("shielded",), 1, "'shielded'"),
        (("cacheable",), _DELETE, "'cacheable'"),
        (("address",), SECRET, "'address'"),
        (("address", "state"), _DELETE, "'address.state'"),
        (("address", "town"), 12, "'address.town'"),
        (("carers",), {"not": "a list"}, "'carers'"),
        (("carers", 0), SECRET, "'carers[0]'"),
        (("carers", 0, "parental_responsibility"), "yes", "'carers[0].parental_responsibility'"),
        (("involvements", 1, "start_date"), SECRET, "'involvements[1].start_date'"),
        (("involvements", 0, "id"), True, "'involvements[0].id'"),
        # A row number from before issue 9: ids are opaque handles now.
        (("involvements", 0, "id"), 7, "'involvements[0].id'"),
        (
            ("involvements", 2, "organisation", "name"),
            _DELETE,
            "'involvements[2].organisation.name'",
        ),
        (("former_names", 0, "used_until"), SECRET, "'former_names[0].used_until'"),
        (("responsible_authority", "office_hours_phone"), None, "'responsible_authority."),
    ],
)
def test_malformed_shapes_name_the_field_and_never_the_value(
    path: tuple[str | int, ...], value: Any, named: str
) -> None:
    body = record_json("standard")
    _set(body, path, value)
    with pytest.raises(ValueError) as raised:
        RecordModel.from_json(body)
    message = str(raised.value)
    assert named in message
    assert SECRET not in message and "Testerson" not in message


def test_a_body_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ValueError, match="'record' is not a JSON object"):
        RecordModel.from_json(["not", "a", "mapping"])  # type: ignore[arg-type]


def test_the_model_is_frozen_and_its_repr_carries_no_personal_data() -> None:
    record = RecordModel.from_json(record_json("standard"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.family_name = "Changed"  # type: ignore[misc]
    shown = repr(record)
    assert "standard" in shown
    for secret in ("Testerson", "Alpha", "2015", "LS6", "Zzaddress", "Carerson", cp_id_of("alpha")):
        assert secret not in shown
    assert record.carers is not None and record.address is not None
    for part in (*record.carers, record.address):
        assert "Carerson" not in repr(part) and "LS6" not in repr(part)
