"""The cache against the directory's real shield projection: whatever the record and the
viewer, a standard or shielded view is kept and an override or management view never is.

Records come from the directory's own property-test strategy, made current (not archived)
so that every viewer here sees something; viewers are drawn so that each level occurs.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from directory.projection import Level, project
from directory.records import StoredRecord
from directory.viewer import Role, Viewer
from sync.cache import NotCacheable, RecordCache
from tests.directory.test_projection_properties import AUTHORITIES, TODAY, records
from tests.sync.cache_support import START, User

KEPT = {Level.STANDARD, Level.SHIELDED}

current_records = records.map(
    lambda r: dataclasses.replace(
        r,
        date_of_birth=TODAY.replace(year=TODAY.year - 6),
        date_of_death=None,
        archived_on=None,
    )
)
readers = st.builds(
    Viewer,
    user_id=st.just("u"),
    roles=st.sampled_from(
        [
            frozenset({Role.PRACTITIONER}),
            frozenset({Role.PRACTITIONER, Role.OVERRIDE}),
            frozenset({Role.MANAGEMENT}),
            frozenset({Role.SHIELD_OFFICER}),
        ]
    ),
    organisation_id=st.none() | st.sampled_from([3, 4, 5]),
    local_authority=st.sampled_from(AUTHORITIES),
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordCache]:
    user = User(tmp_path_factory.mktemp("projection"))
    with user.open() as opened:
        yield opened


@settings(max_examples=60, deadline=None)
@given(record=current_records, viewer=readers, override=st.booleans())
def test_only_standard_and_shielded_views_are_ever_kept(
    cache: RecordCache, record: StoredRecord, viewer: Viewer, override: bool
) -> None:
    if override:
        viewer = dataclasses.replace(viewer, override_for=record.cp_id)
    projected = project(record, viewer, TODAY)
    assert projected is not None
    event(projected.level.value)
    body = json.loads(json.dumps(projected.as_dict()))  # as it arrives over the wire
    before = cache.get(record.cp_id)
    if projected.level in KEPT:
        assert cache.put(record.cp_id, body, START)
        cached = cache.get(record.cp_id)
        assert cached is not None and cached.body == body
        return
    with pytest.raises(NotCacheable):
        cache.put(record.cp_id, body, START)
    after = cache.get(record.cp_id)
    # Nothing of the refused view was written over what was there before.
    assert (before is None) == (after is None)
    assert before is None or after is None or before.body == after.body
