"""Search through the Directory service, on SQLite and PostgreSQL (DESIGN.md 3.4)."""

from __future__ import annotations

import datetime as dt

import pytest

from directory import Directory, InvalidCriteria, InvalidIdentifier, NotAllowed, Viewer
from directory.criteria import ADD_TO_FAMILY_NAME, NEED_MORE
from tests.directory.builders import LA_SOUTH, World
from tests.directory.conftest import (
    HELPDESK,
    MANAGER_NORTH,
    MANAGER_SOUTH,
    OVERRIDER,
    PRACTITIONER,
)

DOB = "2015-03-07"


def found(
    service: Directory,
    criteria: dict[str, object],
    mode: str = "exact",
    viewer: Viewer = PRACTITIONER,
) -> list[str]:
    result = service.search(viewer, criteria, mode, "corr-test")
    assert not result.too_many
    return [m.view.cp_id for m in result.matches]


def test_minimum_criteria_say_what_to_add(world: World, service: Directory) -> None:
    with pytest.raises(InvalidCriteria, match=ADD_TO_FAMILY_NAME):
        service.search(PRACTITIONER, {"family_name": "Testerson", "given_name": "A"}, "exact", "c")
    with pytest.raises(InvalidCriteria, match=NEED_MORE):
        service.search(PRACTITIONER, {"given_name": "Alpha", "date_of_birth": DOB}, "exact", "c")


def test_id_alone_is_enough(world: World, service: Directory) -> None:
    cp_id = world.add_child()
    world.add_child(given_name="Other")
    assert found(service, {"cp_id": cp_id}) == [cp_id]
    spaced = f"{cp_id[:4]} {cp_id[4:8]}-{cp_id[8:]}"
    assert found(service, {"cp_id": spaced}, "fuzzy") == [cp_id]


@pytest.mark.parametrize(
    "extra",
    [{"date_of_birth": DOB}, {"year_of_birth": 2015}, {"postcode": "LS6 2AB"}, {"postcode": "ls6"}],
)
def test_exact_family_name_with_one_more(
    world: World, service: Directory, extra: dict[str, object]
) -> None:
    cp_id = world.add_child()
    world.add_child(family_name="Otherson")
    world.add_child(date_of_birth=dt.date(2012, 1, 1), postcode="BS1 4DJ")
    assert found(service, {"family_name": "TESTERSON", **extra}) == [cp_id]


def test_exact_is_exact(world: World, service: Directory) -> None:
    world.add_child()
    assert found(service, {"family_name": "Testersen", "date_of_birth": DOB}) == []
    assert found(service, {"family_name": "Testerson", "date_of_birth": "2015-03-08"}) == []
    assert (
        found(service, {"family_name": "Testerson", "date_of_birth": DOB, "given_name": "Alfa"})
        == []
    )
    assert (
        found(service, {"family_name": "Testerson", "date_of_birth": DOB, "gender": "male"}) == []
    )


def test_accents_apostrophes_and_case_fold(world: World, service: Directory) -> None:
    cp_id = world.add_child(family_name="O'Brien-Núñez", given_name="Zoë")
    assert found(
        service, {"family_name": "obrien nunez", "given_name": "ZOE", "date_of_birth": DOB}
    ) == [cp_id]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Smith", "Smyth"),
        ("Thompson", "Thomson"),
        ("Begum", "Begun"),
        ("Kowalski", "Cowalski"),
        ("Phillips", "Philips"),
    ],
)
def test_fuzzy_finds_sound_alikes(
    world: World, service: Directory, stored: str, typed: str
) -> None:
    cp_id = world.add_child(family_name=stored)
    assert found(service, {"family_name": typed, "date_of_birth": DOB}, "fuzzy") == [cp_id]
    assert found(service, {"family_name": typed, "date_of_birth": DOB}, "exact") == []


def test_fuzzy_name_variants_dates_and_postcodes(world: World, service: Directory) -> None:
    cp_id = world.add_child(given_name="William", date_of_birth=dt.date(2015, 3, 7))
    base = {"family_name": "Testerson", "given_name": "Bill"}
    for extra in (
        {"date_of_birth": "2015-07-03"},  # day and month swapped
        {"date_of_birth": "2015-03-10"},  # three days out
        {"year_of_birth": 2014},
        {"postcode": "LS6 9ZZ"},
    ):  # same district
        assert found(service, {**base, **extra}, "fuzzy") == [cp_id], extra
    assert found(service, {**base, "date_of_birth": "2016-03-07"}, "fuzzy") == []


def test_scores_are_ordered_and_exact_beats_fuzzy(world: World, service: Directory) -> None:
    same = world.add_child(family_name="Smith", given_name="William")
    variant = world.add_child(family_name="Smyth", given_name="Bill")
    close = world.add_child(
        family_name="Smith", given_name="William", date_of_birth=dt.date(2015, 3, 12)
    )
    result = service.search(
        PRACTITIONER,
        {"family_name": "Smith", "given_name": "William", "date_of_birth": DOB},
        "fuzzy",
        "c",
    )
    scores = {m.view.cp_id: m.score for m in result.matches}
    assert [m.view.cp_id for m in result.matches] == [same, variant, close]
    assert scores[same] == 1.0 and 0 < scores[close] < scores[variant] < 1.0


def test_former_names_are_found(world: World, service: Directory) -> None:
    cp_id = world.add_child(former=("Previousname", "Alpha"))
    assert found(service, {"family_name": "Previousname", "date_of_birth": DOB}) == [cp_id]


def test_too_many_matches(world: World, service: Directory) -> None:
    for i in range(51):
        world.add_child(given_name=f"Child{'abcdefghijklmnopqrstuvwxyz'[i % 26]}")
    result = service.search(
        PRACTITIONER, {"family_name": "Testerson", "date_of_birth": DOB}, "exact", "c"
    )
    assert result.too_many and result.matches == ()
    assert "add a criterion" in result.as_dict()["message"]


def test_fifty_is_not_too_many(world: World, service: Directory) -> None:
    for _ in range(50):
        world.add_child()
    assert len(found(service, {"family_name": "Testerson", "date_of_birth": DOB})) == 50


class TestShieldRule:
    def test_shielded_found_by_name_and_date_shows_four_fields(
        self, world: World, service: Directory
    ) -> None:
        cp_id = world.add_child(shielded=True)
        result = service.search(
            PRACTITIONER, {"family_name": "Testerson", "date_of_birth": DOB}, "exact", "c"
        )
        (match,) = result.matches
        assert match.view.cp_id == cp_id and match.view.shielded
        assert set(match.as_dict()) == {
            "cp_id",
            "score",
            "shielded",
            "family_name",
            "given_name",
            "date_of_birth",
            "gender",
        }

    @pytest.mark.parametrize("mode", ["exact", "fuzzy"])
    @pytest.mark.parametrize(
        "viewer",
        [PRACTITIONER, OVERRIDER, MANAGER_SOUTH],
        ids=["practitioner", "override", "other-authority"],
    )
    def test_postcode_search_never_finds_a_shielded_child(
        self, world: World, service: Directory, mode: str, viewer: Viewer
    ) -> None:
        world.add_child(shielded=True)
        for postcode in ("LS6 2AB", "LS6"):
            assert (
                found(service, {"family_name": "Testerson", "postcode": postcode}, mode, viewer)
                == []
            )
            assert (
                found(
                    service,
                    {"family_name": "Testerson", "postcode": postcode, "date_of_birth": DOB},
                    mode,
                    viewer,
                )
                == []
            )

    def test_responsible_management_team_finds_by_postcode(
        self, world: World, service: Directory
    ) -> None:
        cp_id = world.add_child(shielded=True)
        assert found(
            service, {"family_name": "Testerson", "postcode": "LS6 2AB"}, viewer=MANAGER_NORTH
        ) == [cp_id]

    def test_former_name_of_a_shielded_child_is_hidden(
        self, world: World, service: Directory
    ) -> None:
        cp_id = world.add_child(shielded=True, former=("Previousname", "Alpha"))
        criteria = {"family_name": "Previousname", "date_of_birth": DOB}
        assert found(service, criteria) == []
        assert found(service, criteria, "fuzzy", OVERRIDER) == []
        assert found(service, criteria, viewer=MANAGER_NORTH) == [cp_id]

    def test_hidden_children_do_not_count_towards_too_many(
        self, world: World, service: Directory
    ) -> None:
        for _ in range(45):
            world.add_child()
        for _ in range(10):
            world.add_child(shielded=True)
        criteria = {"family_name": "Testerson", "postcode": "LS6 2AB"}
        assert len(found(service, criteria)) == 45


class TestArchived:
    def test_adults_are_invisible_except_to_management_for_a_year(
        self, world: World, service: Directory
    ) -> None:
        turned_18_recently = world.add_child(date_of_birth=dt.date(2008, 1, 1))
        world.add_child(date_of_birth=dt.date(2007, 1, 1))  # 18 for more than a year
        criteria = {"family_name": "Testerson", "postcode": "LS6"}
        assert found(service, criteria) == []
        assert found(service, criteria, viewer=MANAGER_NORTH) == [turned_18_recently]
        assert found(service, criteria, viewer=MANAGER_SOUTH) == []

    def test_deceased_more_than_a_year_ago_is_archived(
        self, world: World, service: Directory
    ) -> None:
        recent = world.add_child(date_of_death=dt.date(2026, 1, 1))
        world.add_child(date_of_death=dt.date(2025, 1, 1))
        assert found(service, {"family_name": "Testerson", "date_of_birth": DOB}) == [recent]

    def test_archived_flag_alone_hides(self, world: World, service: Directory) -> None:
        world.add_child(archived_on=dt.date(2026, 6, 1))
        assert found(service, {"family_name": "Testerson", "date_of_birth": DOB}) == []


class TestBadInput:
    @pytest.mark.parametrize(
        "criteria",
        [
            {"family_name": "Robert'); DROP TABLE child;--", "date_of_birth": DOB},
            {"family_name": "x" * 10_000, "date_of_birth": DOB},
            {"family_name": "Testerson", "date_of_birth": "2015-02-30"},
            {"family_name": "Testerson", "date_of_birth": "1066-10-14"},
            {"family_name": "Testerson", "date_of_birth": "2999-01-01"},
            {"family_name": "Testerson", "year_of_birth": 99999},
            {"family_name": "Testerson", "year_of_birth": True},
            {"family_name": "Testerson", "postcode": "' OR 1=1"},
            {"family_name": ["Testerson"], "date_of_birth": DOB},
            {"family_name": "Testerson", "date_of_birth": DOB, "address": "x"},
            {"family_name": "Testerson", "date_of_birth": DOB, "gender": "unknown"},
            {"family_name": "Testerson", "date_of_birth": DOB, "year_of_birth": 2014},
            {"family_name": "'-", "date_of_birth": DOB},
        ],
    )
    def test_clear_refusal(
        self, world: World, service: Directory, criteria: dict[str, object]
    ) -> None:
        with pytest.raises(InvalidCriteria) as refused:
            service.search(PRACTITIONER, criteria, "exact", "c")
        assert "Testerson" not in refused.value.message

    def test_wrong_check_digit(self, world: World, service: Directory) -> None:
        cp_id = world.add_child()
        wrong = cp_id[:-1] + str((int(cp_id[-1]) + 1) % 10)
        with pytest.raises(InvalidIdentifier, match="check digit"):
            service.search(PRACTITIONER, {"cp_id": wrong}, "exact", "c")

    @pytest.mark.parametrize("criteria", [None, [], "family_name=Smith", 42])
    def test_not_an_object(self, world: World, service: Directory, criteria: object) -> None:
        with pytest.raises(InvalidCriteria, match="JSON object"):
            service.search(PRACTITIONER, criteria, "exact", "c")

    def test_bad_mode(self, world: World, service: Directory) -> None:
        with pytest.raises(InvalidCriteria, match="mode"):
            service.search(PRACTITIONER, {"cp_id": world.add_child()}, "sounds-like", "c")

    @pytest.mark.parametrize("name", ["Смирнов", "Smіth", "李", "Nguyễn", "Ó Súilleabháin"])
    def test_other_scripts_are_searched_not_crashed(
        self, world: World, service: Directory, name: str
    ) -> None:
        world.add_child(family_name="Смирнов")
        for mode in ("exact", "fuzzy"):
            result = service.search(
                PRACTITIONER, {"family_name": name, "date_of_birth": DOB}, mode, "c"
            )
            assert len(result.matches) == (1 if name == "Смирнов" else 0)


def test_helpdesk_cannot_search(world: World, service: Directory) -> None:
    world.add_child()
    with pytest.raises(NotAllowed):
        service.search(HELPDESK, {"family_name": "Testerson", "date_of_birth": DOB}, "exact", "c")


def test_search_other_authority_children_visible(world: World, service: Directory) -> None:
    cp_id = world.add_child(responsible_la=LA_SOUTH, postcode="BS1 4DJ")
    assert found(service, {"family_name": "Testerson", "postcode": "BS1"}) == [cp_id]


def test_fuzzy_never_matches_a_different_given_name(world: World, service: Directory) -> None:
    # Family name, year and district all match; the given name is someone else's.
    world.add_child(family_name="Smith", given_name="William")
    for extra in ({"year_of_birth": 2015}, {"postcode": "LS6"}, {"date_of_birth": DOB}):
        criteria = {"family_name": "Smith", "given_name": "Amy", **extra}
        assert found(service, criteria, "fuzzy") == [], extra
