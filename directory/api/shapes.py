"""The contract's answer shapes (contract.shapes, team_shapes) as the routes' response models.

FastAPI takes a TypedDict as `response_model` (through pydantic), so /v1/openapi.json
describes every answer and schemathesis checks each one against it. Two things stand in
between, and this module is where they are handled:

* pydantic refuses `typing.TypedDict` on Python 3.11 (it wants typing_extensions'), and
  the contract is standard library only; so each contract TypedDict is rebuilt here, field
  for field and key for key (required or not), as a typing_extensions one.
* A response model FILTERS: a key it does not list is silently dropped from the answer.
  The projection alone decides what a viewer sees (directory.projection), so a model that
  lacked a key would change what is sent. tests/directory/test_api_shapes.py checks that
  every key the projection can send is in the model, and that an answer passes through
  its model unchanged.

A child view is one of two shapes, told apart by its `level` (a discriminated union), so
the document says exactly what a shielded view holds and what a full one holds.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Annotated, Any, Union, cast, get_args, get_origin, get_type_hints, is_typeddict

import typing_extensions
from pydantic import Field

from contract import shapes, support_shapes, team_shapes


@cache
def _typed_dict(shape: type) -> Any:
    required: frozenset[str] = getattr(shape, "__required_keys__", frozenset())
    fields = {
        name: _model(hint) if name in required else typing_extensions.NotRequired[_model(hint)]
        for name, hint in get_type_hints(shape).items()
    }
    # The functional form, since the fields are known only here (mypy cannot follow it).
    make = cast(Any, typing_extensions.TypedDict)
    model = make(shape.__name__, fields)
    model.__doc__ = shape.__doc__
    return model


def _model(hint: Any) -> Any:
    """`hint` with every contract TypedDict in it replaced by its pydantic-ready twin."""
    if is_typeddict(hint):
        return _typed_dict(hint)
    origin = get_origin(hint)
    if origin is list:
        return list[_model(get_args(hint)[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_model(arg) for arg in get_args(hint))]  # noqa: UP007
    return hint


Challenge = _model(shapes.ChallengeBody)
Session = _model(shapes.SessionBody)
SearchResult = _model(shapes.SearchResultBody)
Cacheable = _model(shapes.CacheableBody)
FullChildView = _model(shapes.FullChildView)
ChildView: Any = Annotated[
    Union[_model(shapes.ShieldedChildView), FullChildView],  # noqa: UP007
    Field(discriminator="level"),
]
OverrideReasons = _model(shapes.OverrideReasonsBody)
RecordedInvolvement = _model(shapes.RecordedInvolvementBody)
CeasedInvolvement = _model(shapes.CeasedInvolvementBody)
Receipt = _model(shapes.ReceiptBody)
Health = _model(shapes.HealthBody)
# The management team's and shield officers' work (contract.team_shapes).
AlertPage = _model(team_shapes.AlertPageBody)
Alert = _model(team_shapes.AlertBody)
ShieldStatus = _model(team_shapes.ShieldStatusBody)
ShieldReviews = _model(team_shapes.ShieldReviewsBody)
ShieldReasons = _model(team_shapes.ShieldReasonsBody)
ContactRequest = _model(team_shapes.ContactRequestBody)
ContactRequestPage = _model(team_shapes.ContactRequestPageBody)
ShieldRequest = _model(team_shapes.ShieldRequestBody)
ShieldRequestPage = _model(team_shapes.ShieldRequestPageBody)
AccessHistory = _model(team_shapes.AccessHistoryBody)
# The helpdesk's (contract.support_shapes).
SupportLookup = _model(support_shapes.SupportLookupBody)
