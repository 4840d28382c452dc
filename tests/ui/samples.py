"""Records and search outcomes exactly as the directory sends them, for the ui tests.

Every sample goes through the real directory: children built with the directory tests'
World, involvements added and ceased through directory.actions, each view projected by
directory.service.Directory (the shield projection) and serialised with as_dict() and a
JSON round trip, then parsed by the client's own models. So the views are tested on what a
viewer at that level really receives, and a change in the projection shows up here.

The directory is built once per test process in an in-memory SQLite database (the samples
are read-only). Names are synthetic and obviously so.

    standard_record()     practitioner (Zzhealth Visiting) sees Alpha: lead professional +
                          CAF, a ceased involvement, another organisation's; no sensitive one
    clinic_record()       the sexual-health clinic sees Alpha, its own sensitive involvement
    shielded_record()     practitioner sees shielded Beta: four fields and broker text
    officer_record()      a shield officer of the authority sees Beta: four fields + shield
    override_record()     override-right practitioner overrides Beta's shield for one view
    management_record()   Northtown's management team sees Beta: shield, sensitive service
    archived_record()     management sees Gamma: died in 2025, archived in 2026
    left_england_record() practitioner sees Delta, who has left England
    search_outcome()      a fuzzy search finding Alpha, Beta (shielded) and near names
    too_many_outcome()    the directory's "too many matches" answer
    criteria_problem()    the directory's message when a search has too few criteria
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, StaticPool, select, update

from desktop.identity import SignedInUser
from desktop.records import RecordModel, SearchOutcome
from directory import Directory, InvalidCriteria, Role, Viewer, connect, migrate
from directory.actions import NewInvolvement, add_involvement, cease_involvement
from directory.schema import child, involvement
from directory.search import SearchResult as DirectorySearchResult
from sync import SearchResult
from tests.directory.builders import LA_NORTH, TODAY, World

NOW = dt.datetime.combine(TODAY, dt.time(9, 30), tzinfo=dt.UTC)
HEALTH_VISITING, SCHOOL, CLINIC = 3, 1, 4

# Who looks, as the directory knows them ...
_PRACTITIONER = Viewer("user:zz-practitioner", frozenset({Role.PRACTITIONER}), HEALTH_VISITING)
_TEACHER = Viewer("user:zz-teacher", frozenset({Role.PRACTITIONER}), SCHOOL)
_CLINIC = Viewer("user:zz-clinic", frozenset({Role.PRACTITIONER}), CLINIC)
_MANAGER = Viewer("user:zz-manager", frozenset({Role.MANAGEMENT}), local_authority=LA_NORTH)
_OFFICER = Viewer("user:zz-officer", frozenset({Role.SHIELD_OFFICER}), local_authority=LA_NORTH)

# ... and as the client shows them (desktop.identity, from the session's user).
PRACTITIONER = SignedInUser("Zz Practitioner", "Zzhealth Visiting", ("practitioner",), None)
OVERRIDER = SignedInUser("Zz Overrider", "Zzhealth Visiting", ("practitioner", "override"), None)
CLINICIAN = SignedInUser("Zz Clinician", "Zzsexual Health Clinic", ("practitioner",), None)
MANAGER = SignedInUser("Zz Manager", "Northtown", ("management",), LA_NORTH)
SHIELD_OFFICER = SignedInUser("Zz Officer", "Northtown", ("shield_officer",), LA_NORTH)

ALERT_REFERENCE = "OVR-7K3MQ-9XDA2"


def _overrider(cp_id: str) -> Viewer:
    return Viewer(
        "user:zz-overrider",
        frozenset({Role.PRACTITIONER, Role.OVERRIDE}),
        HEALTH_VISITING,
        override_for=cp_id,
    )


def _wire(body: dict[str, Any]) -> dict[str, Any]:
    """What the client receives: the body through JSON, as the HTTP API sends it."""
    parsed: dict[str, Any] = json.loads(json.dumps(body))
    return parsed


@dataclass(frozen=True)
class Samples:
    records: dict[str, dict[str, Any]]
    search: dict[str, Any]
    criteria_problem: str
    cp_ids: dict[str, str]


def _add(engine: Engine, viewer: Viewer, cp_id: str, item: NewInvolvement) -> str:
    return add_involvement(engine, viewer, cp_id, item, now=NOW, correlation_id="samples").id


def _involvement_ids(engine: Engine, cp_id: str, organisation_id: int) -> list[str]:
    with engine.connect() as conn:
        child_id = conn.scalar(select(child.c.id).where(child.c.cp_id == cp_id))
        return list(
            conn.scalars(
                select(involvement.c.handle).where(
                    involvement.c.child_id == child_id,
                    involvement.c.organisation_id == organisation_id,
                )
            )
        )


def _update_child(engine: Engine, cp_id: str, **values: Any) -> None:
    with engine.begin() as conn:
        conn.execute(update(child).where(child.c.cp_id == cp_id).values(**values))


def _build_children(world: World) -> dict[str, str]:
    engine = world.engine
    alpha = world.add_child(
        family_name="Testerson",
        given_name="Alpha",
        date_of_birth=dt.date(2015, 3, 7),
        former=("Oldnameson", "Alpha"),
        sensitive=True,
    )
    _update_child(engine, alpha, middle_names="Zeta", address_line2="Zzdistrict")
    # The health visitor who was lead professional has handed over to the school nurse,
    # who started a CAF; the class teacher is involved too.
    (first_visit,) = _involvement_ids(engine, alpha, HEALTH_VISITING)
    cease_involvement(
        engine,
        _PRACTITIONER,
        alpha,
        first_visit,
        dt.date(2025, 1, 31),
        now=NOW,
        correlation_id="samples",
    )
    _add(
        engine,
        _PRACTITIONER,
        alpha,
        NewInvolvement(
            practitioner_role="school nurse",
            phone="0113 496 0311",
            start_date=dt.date(2025, 2, 1),
            email="zz.nurse@example.org",
            lead_professional=True,
            caf=True,
            caf_started=dt.date(2025, 2, 10),
            caf_completed=dt.date(2025, 4, 1),
        ),
    )
    _add(
        engine,
        _TEACHER,
        alpha,
        NewInvolvement(
            practitioner_role="class teacher",
            phone="0113 496 0101",
            start_date=dt.date(2025, 9, 1),
        ),
    )
    beta = world.add_child(
        family_name="Testerson",
        given_name="Beta",
        date_of_birth=dt.date(2015, 7, 3),
        shielded=True,
        sensitive=True,
    )
    gamma = world.add_child(
        family_name="Testerson",
        given_name="Gamma",
        date_of_birth=dt.date(2012, 5, 1),
        postcode=None,
        date_of_death=dt.date(2025, 3, 1),
    )
    delta = world.add_child(
        family_name="Testersen",
        given_name="Delta",
        date_of_birth=dt.date(2015, 3, 9),
        gender="not_specified",
    )
    _update_child(
        engine, delta, address_state="left_england", left_england_intent="intends_to_return"
    )
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta}


@functools.cache
def samples() -> Samples:
    engine = connect("sqlite://", poolclass=StaticPool)
    migrate(engine)
    try:
        ids = _build_children(World(engine).setup())
        directory = Directory(engine, today=lambda: TODAY, clock=lambda: NOW)

        def view(viewer: Viewer, name: str) -> dict[str, Any]:
            return _wire(directory.view_child(viewer, ids[name], "samples").as_dict())

        records = {
            "standard": view(_PRACTITIONER, "alpha"),
            "clinic": view(_CLINIC, "alpha"),
            "shielded": view(_PRACTITIONER, "beta"),
            "officer": view(_OFFICER, "beta"),
            "override": view(_overrider(ids["beta"]), "beta"),
            "management": view(_MANAGER, "beta"),
            "archived": view(_MANAGER, "gamma"),
            "left_england": view(_PRACTITIONER, "delta"),
        }
        found = directory.search(
            _PRACTITIONER,
            {"family_name": "Testerson", "date_of_birth": "2015-03-07"},
            "fuzzy",
            "samples",
        )
        try:
            directory.search(_PRACTITIONER, {"given_name": "Alpha"}, "exact", "samples")
        except InvalidCriteria as exc:
            problem = exc.message
        else:
            raise AssertionError("the directory accepted a search with too few criteria")
        return Samples(records, _wire(found.as_dict()), problem, ids)
    finally:
        engine.dispose()


def record_json(kind: str) -> dict[str, Any]:
    """A fresh copy of one sample's JSON (tests may change it)."""
    return copy.deepcopy(samples().records[kind])


def _record(kind: str) -> RecordModel:
    return RecordModel.from_json(record_json(kind))


def standard_record() -> RecordModel:
    return _record("standard")


def clinic_record() -> RecordModel:
    return _record("clinic")


def shielded_record() -> RecordModel:
    return _record("shielded")


def officer_record() -> RecordModel:
    return _record("officer")


def override_record() -> RecordModel:
    return _record("override")


def management_record() -> RecordModel:
    return _record("management")


def archived_record() -> RecordModel:
    return _record("archived")


def left_england_record() -> RecordModel:
    return _record("left_england")


def search_outcome() -> SearchOutcome:
    return SearchOutcome.from_result(SearchResult.from_json(copy.deepcopy(samples().search)))


def too_many_outcome() -> SearchOutcome:
    # The directory's own serialisation of its "too many" answer; a world with more than
    # fifty matching children would only make the tests slower.
    body = _wire(DirectorySearchResult((), too_many=True).as_dict())
    return SearchOutcome.from_result(SearchResult.from_json(body))


def criteria_problem() -> str:
    return samples().criteria_problem


def cp_id_of(name: str) -> str:
    """The ContactPoint ID of a sample child: "alpha", "beta", "gamma" or "delta"."""
    return samples().cp_ids[name]
