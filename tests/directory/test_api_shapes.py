"""The answers' response models (directory.api.shapes, built from contract.shapes) describe
what the directory sends, and never change it.

A response model filters: a key it lacks is dropped from the answer. The projection alone
decides what a viewer sees, so every key the projection can send must be in the model, and
every answer must pass through its model unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal, get_args, get_type_hints

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from contract import Level, shapes
from directory import projection, records
from directory.api import shapes as models
from directory.api.responses import ErrorBody
from directory.projection import ChildView, project
from directory.records import StoredRecord
from directory.search import Match, SearchResult
from directory.viewer import Role, Viewer
from tests.directory.test_projection_properties import TODAY, viewers
from tests.directory.test_projection_properties import records as stored_records

SECTIONS = [
    (shapes.OrganisationBody, records.Organisation),
    (shapes.AuthorityBody, records.Authority),
    (shapes.FormerNameBody, records.FormerName),
    (shapes.AddressBody, projection.Address),
    (shapes.CarerBody, records.Carer),
    (shapes.InvolvementBody, records.Involvement),
    (shapes.ShieldBody, records.Shield),
]
# Most generated records are archived and many viewers read no children, which the
# projection answers with nothing: lean towards the ones it answers with a view.
young_records = st.tuples(stored_records, st.dates(TODAY - dt.timedelta(days=365 * 17), TODAY))
seen_records = stored_records | young_records.map(
    lambda pair: dataclasses.replace(pair[0], date_of_birth=pair[1], archived_on=None)
)
readers = st.tuples(
    viewers, st.sampled_from([Role.PRACTITIONER, Role.OVERRIDE, Role.MANAGEMENT])
).map(lambda pair: dataclasses.replace(pair[0], roles=pair[0].roles | {pair[1]}))
CHILD_VIEW: TypeAdapter[Any] = TypeAdapter(models.ChildView)
SEARCH_RESULT: TypeAdapter[Any] = TypeAdapter(models.SearchResult)


def keys(shape: type) -> set[str]:
    return set(get_type_hints(shape))


def fields_of(kind: type) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


def through(adapter: TypeAdapter[Any], body: dict[str, Any]) -> Any:
    """What FastAPI sends for `body` under the response model: validated, then dumped."""
    return adapter.dump_python(adapter.validate_python(body), mode="json")


def test_every_field_of_each_section_is_in_its_shape() -> None:
    for shape, kind in SECTIONS:
        assert keys(shape) == fields_of(kind), shape.__name__


def test_the_two_child_views_hold_every_field_the_projection_has() -> None:
    projected = fields_of(ChildView)
    assert keys(shapes.FullChildView) | keys(shapes.ShieldedChildView) == projected
    # Only a shielded view carries the way to ask for contact.
    assert keys(shapes.FullChildView) == projected - {"broker_contact"}


def test_the_views_are_told_apart_by_every_documented_level() -> None:
    def levels(shape: type) -> set[str]:
        hint = get_type_hints(shape)["level"]
        assert getattr(hint, "__origin__", None) is Literal
        return set(get_args(hint))

    assert levels(shapes.ShieldedChildView) == {Level.SHIELDED}
    assert levels(shapes.FullChildView) | levels(shapes.ShieldedChildView) == set(Level)


@settings(max_examples=300, deadline=None)
@given(
    record=seen_records,
    viewer=readers,
    today=st.dates(TODAY, TODAY + dt.timedelta(days=800)),
    score=st.floats(0, 1),
)
def test_every_projection_passes_through_its_models_unchanged(
    record: StoredRecord, viewer: Viewer, today: dt.date, score: float
) -> None:
    view = project(record, viewer, today)
    assume(view is not None)
    assert view is not None
    sent = view.as_dict()
    assert through(CHILD_VIEW, sent) == sent
    if view.level is Level.OVERRIDE:
        assert through(TypeAdapter(models.FullChildView), sent) == sent
    found = SearchResult((Match(score, view),), too_many=False).as_dict()
    assert through(SEARCH_RESULT, found) == found
    too_many = SearchResult((), too_many=True).as_dict()
    assert through(SEARCH_RESULT, too_many) == too_many


def test_the_published_error_body_is_the_contracts() -> None:
    assert set(ErrorBody.model_fields) == keys(shapes.ErrorBody)
