"""The report's two forms: aligned text with the sections to look at marked, and JSON."""

from __future__ import annotations

import datetime as dt
import json

from desktop.diagnostics import Report, Section
from desktop.diagnostics.cards import pin_words
from smartcard import PinState

MADE = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


def _report() -> Report:
    return Report(
        (
            Section("Fine", (("a", "1"), ("longer", "2"))),
            Section("Broken", (("problem", "it is"),), ok=False),
        ),
        MADE,
    )


def test_the_text_aligns_values_and_marks_what_needs_a_look() -> None:
    text = _report().text()
    assert "== Fine\n  a       1\n  longer  2\n" in text
    assert "== Broken  [look here]" in text and "== Fine  [look here]" not in text


def test_the_json_holds_every_section_and_whether_all_is_well() -> None:
    data = json.loads(_report().as_json())
    assert data["ok"] is False and data["made_at"] == "2026-12-03T09:30:00+00:00"
    assert data["sections"][1] == {"title": "Broken", "ok": False, "items": [["problem", "it is"]]}


def test_pin_flags_are_words() -> None:
    state = PinState(
        count_low=True,
        final_try=False,
        locked=False,
        must_change=True,
        protected_authentication_path=False,
    )
    assert pin_words(state) == "wrong PINs entered recently, must be changed"
    assert pin_words(PinState(False, False, False, False, False)) == "no flags set"
