"""The workspace's words: ages, one-line texts, IDs held together, unknown codes readable."""

from __future__ import annotations

import pytest

from ui.workspace import words


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0 min"),
        (59, "0 min"),
        (5 * 60, "5 min"),
        (3 * 3600 + 12 * 60, "3 h 12 min"),
        (2 * 86400 + 4 * 3600 + 59, "2 d 4 h"),
        (-30, "0 min"),  # a clock a little ahead of the directory's
    ],
)
def test_age(seconds: int, said: str) -> None:
    assert words.age(seconds) == said


def test_one_line_flattens_and_shortens() -> None:
    assert words.one_line("Zz line one\n\nline   two") == "Zz line one line two"
    assert words.one_line(None) == words.NONE
    long = words.one_line("zz " * 200, limit=20)
    assert len(long) == 20 and long.endswith("…")


def test_an_id_is_never_broken_over_two_lines() -> None:
    assert words.cp_id("900000000011") == "9000\u00a00000\u00a00011"
    assert words.cp_id(None) == words.NONE


def test_unknown_codes_are_shown_readably() -> None:
    assert words.code(words.ALERT_KINDS, "override") == "Override"
    assert words.code(words.ALERT_KINDS, "bulk_export_attempt") == "Bulk export attempt"
    assert words.code(words.SHIELD_DUE, "overdue") == "Review OVERDUE"


def test_button_words_lose_their_mnemonic_and_ellipsis() -> None:
    assert words.plain_label("Ac&knowledge…") == "Acknowledge"
