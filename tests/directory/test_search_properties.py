"""Property tests of search against real SQLite: generated children, viewers and criteria.

Two properties: (1) nothing a viewer may not see is returned, counted or matched on — in
particular a criterion on a hidden field never returns a shielded child; (2) the SQL
pre-filter (directory.visibility) agrees with the projection, child by child.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from directory import Directory, Viewer, visibility
from directory.criteria import parse
from directory.database import connect
from directory.projection import project
from directory.records import load
from directory.schema import child, metadata, search_entry
from directory.viewer import Role
from tests.directory.builders import LA_NORTH, LA_SOUTH, TODAY, World

FAMILIES = ("Smith", "Smyth", "Khan")
POSTCODES = ("LS6 2AB", "LS6 3CD", "BS1 4DJ", None)

child_specs = st.fixed_dictionaries(
    {
        "family_name": st.sampled_from(FAMILIES),
        "given_name": st.sampled_from(["Amy", "Bill", "William"]),
        "date_of_birth": st.sampled_from(
            [dt.date(2015, 3, 7), dt.date(2015, 7, 3), dt.date(2008, 1, 1), dt.date(2007, 1, 1)]
        ),
        "postcode": st.sampled_from(POSTCODES),
        "responsible_la": st.sampled_from([LA_NORTH, LA_SOUTH]),
        "shielded": st.booleans(),
        "former": st.none() | st.just(("Formerly", "Amy")),
        "date_of_death": st.none() | st.sampled_from([dt.date(2025, 1, 1), dt.date(2026, 1, 1)]),
        "sensitive": st.booleans(),
    }
)

viewers = st.builds(
    Viewer,
    user_id=st.just("u"),
    roles=st.frozensets(st.sampled_from(list(Role)), min_size=1),
    organisation_id=st.none() | st.sampled_from([3, 4]),
    local_authority=st.none() | st.sampled_from([LA_NORTH, LA_SOUTH]),
)

criteria = st.fixed_dictionaries(
    {"family_name": st.sampled_from([*FAMILIES, "Formerly"])},
    optional={
        "given_name": st.sampled_from(["Amy", "Bill"]),
        "date_of_birth": st.sampled_from(["2015-03-07", "2008-01-01"]),
        "postcode": st.sampled_from(["LS6 2AB", "LS6", "BS1"]),
    },
).filter(lambda c: "date_of_birth" in c or "postcode" in c)


@settings(max_examples=150, deadline=None)
@given(
    specs=st.lists(child_specs, min_size=1, max_size=6),
    viewer=viewers,
    raw=criteria,
    mode=st.sampled_from(["exact", "fuzzy"]),
)
def test_search_returns_only_what_the_viewer_may_see(
    specs: list[dict[str, Any]], viewer: Viewer, raw: dict[str, str], mode: str
) -> None:
    engine = connect("sqlite://")
    metadata.create_all(engine)
    try:
        world = World(engine).setup()
        ids = [world.add_child(**spec) for spec in specs]
        with engine.connect() as conn:
            records = {cp_id: load(conn, cp_id) for cp_id in ids}
        if not viewer.reads_children:
            return
        result = Directory(engine, today=lambda: TODAY).search(viewer, raw, mode, "c")
        fields = parse(raw, TODAY).used_fields()
        for match in result.matches:
            record = records[match.view.cp_id]
            assert record is not None
            view = project(record, viewer, TODAY)
            assert view is not None
            assert fields <= view.searchable_fields()
            text = json.dumps(match.as_dict())
            assert "Carerson" not in text and "Zzschool" not in text
            if record.shield is not None and not viewer.manages(record.responsible_authority.code):
                assert "postcode" not in fields
                assert "Zz" not in text and "LS6" not in text and "BS1" not in text
        # The pre-filter keeps exactly the search entries the projection allows.
        with engine.connect() as conn:
            kept = set(
                conn.execute(
                    select(child.c.cp_id, search_entry.c.former)
                    .join(child, child.c.id == search_entry.c.child_id)
                    .where(visibility.clause(visibility.shape(viewer, fields))),
                    visibility.parameters(viewer, TODAY),
                ).tuples()
            )
            every = set(
                conn.execute(
                    select(child.c.cp_id, search_entry.c.former).join(
                        child, child.c.id == search_entry.c.child_id
                    )
                ).tuples()
            )
        for cp_id, former in every:
            record = records[cp_id]
            assert record is not None
            view = project(record, viewer, TODAY)
            needed = fields | {"former_names"} if former else fields
            allowed = view is not None and needed <= view.searchable_fields()
            assert ((cp_id, former) in kept) == allowed, (cp_id, former)
    finally:
        engine.dispose()
