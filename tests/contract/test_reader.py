"""contract.reader: every malformed body is refused naming the field's path, never its value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from contract import Level, Reader, ShapeError

SECRET = "Zzsecretvalue"


def test_each_reader_gives_the_typed_value() -> None:
    r = Reader(
        {
            "name": "x",
            "n": 3,
            "score": 1,
            "ok": False,
            "level": "shielded",
            "roles": ["a", "b"],
            "day": "2015-03-07",
            "at": "2026-01-02T03:04:05+00:00",
            "nested": {"inner": "y"},
            "items": [{"inner": "p"}, {"inner": "q"}],
        },
        "body",
    )
    assert r.text("name") == "x" and r.number("n") == 3 and r.flag("ok") is False
    assert r.real("score") == 1.0 and isinstance(r.real("score"), float)
    assert r.code("level", Level) is Level.SHIELDED
    assert r.texts("roles") == ("a", "b")
    assert r.date("day") == dt.date(2015, 3, 7)
    assert r.instant("at") == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert r.section("nested").text("inner") == "y"
    assert r.items("items", lambda item: item.text("inner")) == ("p", "q")
    assert r.fields()["name"] == "x"


def test_absent_and_null_are_both_none_for_the_optional_readers() -> None:
    r = Reader({"gone": None}, "body")
    for key in ("gone", "missing"):
        assert r.optional_text(key) is None
        assert r.optional_date(key) is None
        assert r.optional_section(key, lambda s: s.text("x")) is None
        assert r.optional_items(key, lambda s: s.text("x")) is None


@pytest.mark.parametrize(
    ("body", "read", "named"),
    [
        ({}, lambda r: r.text("name"), "'name' is missing"),
        ({"name": 7}, lambda r: r.text("name"), "'name' is missing or not text"),
        ({"n": True}, lambda r: r.number("n"), "'n'"),  # true is not a number here
        ({"n": SECRET}, lambda r: r.number("n"), "'n'"),
        ({"score": False}, lambda r: r.real("score"), "'score'"),
        ({"ok": 1}, lambda r: r.flag("ok"), "'ok'"),  # nor 1 a flag
        ({"level": SECRET}, lambda r: r.code("level", Level), "'level' is not one of"),
        ({"roles": [SECRET, 1]}, lambda r: r.texts("roles"), "'roles' is not a list of text"),
        ({"day": SECRET}, lambda r: r.date("day"), "'day' is not an ISO date"),
        ({"at": SECRET}, lambda r: r.instant("at"), "'at' is not an ISO 8601 instant"),
        ({"at": "2026-01-02T03:04:05"}, lambda r: r.instant("at"), "'at' has no time zone"),
        ({"nested": SECRET}, lambda r: r.section("nested"), "'nested' is not a JSON object"),
        (
            {"nested": {"inner": 5}},
            lambda r: r.section("nested").text("inner"),
            "'nested.inner'",
        ),
        ({"items": {"not": "a list"}}, lambda r: r.items("items", str), "'items' is missing"),
        ({"items": [{}, SECRET]}, lambda r: r.items("items", str), "'items[1]' is not a JSON"),
        (
            {"items": [{"a": {"b": SECRET}}]},
            lambda r: r.items("items", lambda i: i.section("a").number("b")),
            "'items[0].a.b'",
        ),
    ],
)
def test_a_malformed_body_names_the_field_and_never_the_value(
    body: dict[str, Any], read: Any, named: str
) -> None:
    with pytest.raises(ShapeError) as raised:
        read(Reader(body, "body"))
    assert named in str(raised.value)
    assert SECRET not in str(raised.value)


def test_a_body_that_is_not_an_object_is_refused_by_its_name() -> None:
    with pytest.raises(ShapeError, match="'session' is not a JSON object"):
        Reader(["a", "list"], "session")
    assert issubclass(ShapeError, ValueError)
