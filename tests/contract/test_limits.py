"""contract.limits: the justification rule and the free-text rule, as both programs apply them."""

from __future__ import annotations

import pytest

from contract.limits import (
    EMAIL,
    MIN_JUSTIFICATION_CHARACTERS,
    MIN_JUSTIFICATION_WORDS,
    PHONE,
    justification_characters,
    justification_words,
    storable,
    tidy_justification,
)


def test_characters_are_counted_after_whitespace_is_tidied() -> None:
    assert tidy_justification("  a \n\t b  ") == "a b"
    assert justification_characters("  a \n\t b  ") == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("urgent urgent URGENT", 1),  # different words, compared case-insensitively
        ("Straße STRASSE strasse", 1),  # casefold makes all three "strasse"
        ("a b c 12 34 -- ??", 0),  # single letters, digits and punctuation are no words
        ("Police need it now", 4),
        ("Дитина зникла з дому", 3),  # words in any script; "з" is a single letter
        ("snake_case x_y", 2),  # an underscore separates words; x and y are single letters
    ],
)
def test_words_are_distinct_runs_of_two_or_more_letters(text: str, words: int) -> None:
    assert justification_words(text) == words


def test_the_defaults_ask_for_a_sentence_not_a_word() -> None:
    enough = "The child is missing and police need the carers' phone numbers now."
    assert justification_characters(enough) >= MIN_JUSTIFICATION_CHARACTERS
    assert justification_words(enough) >= MIN_JUSTIFICATION_WORDS
    assert justification_words("urgent " * 20) < MIN_JUSTIFICATION_WORDS


@pytest.mark.parametrize(("text", "ok"), [("a\nb\r\tc", True), ("a\x00b", False), ("\x7f", False)])
def test_free_text_keeps_line_breaks_and_tabs_only(text: str, ok: bool) -> None:
    assert storable(text) is ok


def test_contact_details_patterns() -> None:
    assert PHONE.match("+44 (0)113 496-0000") and not PHONE.match("12345")
    assert EMAIL.match("a.b@example.org") and not EMAIL.match("a b@example.org")
