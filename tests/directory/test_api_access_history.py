"""A child's access history over HTTP (DESIGN.md 3.6.1, issue 11): every view and search
result of the child and every step of its shield, newest first and paged, with who,
organisation, level and override reason, for the responsible authority's team only."""

from __future__ import annotations

from tests.directory.builders import cp_id_for
from tests.directory.test_api_shields import PLACE, Desk, desk

__all__ = ["desk"]  # the fixture, used by name


def history(d: Desk, who: str, cp_id: str | None = None, **params: object) -> dict[str, object]:
    response = d.api.client.get(
        f"/v1/children/{cp_id or d.child}/access-history", headers=d.as_(who), params=params
    )
    body: dict[str, object] = response.json()
    body["status"] = response.status_code
    return body


def test_the_team_sees_every_view_search_result_and_shield_step_newest_first(
    desk: Desk,
) -> None:
    assert desk.found_by_postcode()  # a search by zz-practitioner that returns the child
    assert desk.view_level() == "standard"
    assert desk.shield("zz-officer-1", "PUT", json=PLACE).status_code == 200
    assert desk.api.override(desk.as_("zz-override"), desk.child).status_code == 200
    assert desk.view_level("zz-override") == "shielded"
    assert not desk.found_by_postcode()  # no longer returns it: not an access

    seen = history(desk, "zz-manager")
    assert seen["status"] == 200 and seen["total"] == 5
    entries = seen["entries"]
    assert isinstance(entries, list)
    assert [(e["user"], e["action"], e["level"], e["override_reason"]) for e in entries] == [
        ("zz-override", "child_view", "shielded", None),
        ("zz-override", "override", "override", "missing_child"),
        ("zz-officer-1", "shield_place", None, None),
        ("zz-practitioner", "child_view", "standard", None),
        ("zz-practitioner", "search", None, None),
    ]
    assert all(e["at"] and e["organisation"] for e in entries)
    paged = history(desk, "zz-manager", page=2, page_size=3)
    assert paged["entries"] == entries[3:] and paged["total"] == 5


def test_others_get_the_answer_for_an_unknown_child(desk: Desk) -> None:
    other = history(desk, "zz-manager-south")
    unknown = history(desk, "zz-manager", cp_id_for(12345678901))
    assert other["status"] == unknown["status"] == 404
    assert other["message"] == unknown["message"]
    for who in ("zz-practitioner", "zz-officer-1", "zz-helpdesk"):
        assert history(desk, who)["status"] == 403
