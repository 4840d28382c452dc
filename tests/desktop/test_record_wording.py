"""The words the record views use for IDs, dates, ages and the directory's codes."""

from __future__ import annotations

import datetime as dt

import pytest

from contract.codes import ConsentBasis, ShieldReason
from desktop.records import Shield, wording
from desktop.requests import CONSENT_BASES, SHIELD_REASONS


def test_contactpoint_id_is_read_in_groups_of_four() -> None:
    assert wording.cp_id("123456789012") == "1234 5678 9012"


def test_dates_use_english_month_names_whatever_the_locale() -> None:
    assert wording.date(dt.date(2015, 3, 7)) == "7 Mar 2015"
    assert wording.moment(dt.datetime(2026, 6, 5, 9, 4)) == "05 Jun 2026 09:04"


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        (dt.date(2015, 3, 7), dt.date(2026, 3, 6), 10),
        (dt.date(2015, 3, 7), dt.date(2026, 3, 7), 11),
        (dt.date(2016, 2, 29), dt.date(2026, 2, 28), 9),
        (dt.date(2016, 2, 29), dt.date(2026, 3, 1), 10),
        (dt.date(2026, 6, 1), dt.date(2026, 6, 1), 0),
    ],
)
def test_age_in_whole_years(born: dt.date, on: dt.date, years: int) -> None:
    assert wording.age(born, on) == years


@pytest.mark.parametrize(
    ("state", "intent", "words"),
    [
        ("current", None, "Current address"),
        ("last_known", None, "Last known address"),
        ("no_known_address", None, "No known address"),
        ("left_england", "intends_to_return", "Left England: intends to return within 3 years"),
        ("left_england", "does_not_intend", "Left England: does not intend to return"),
        ("left_england", None, "Left England: intention to return not known"),
        ("temporary_accommodation", None, "Temporary accommodation"),
    ],
)
def test_address_states_in_words(state: str, intent: str | None, words: str) -> None:
    assert wording.address_state(state, intent) == words


def test_codes_in_words_and_unknown_codes_made_readable() -> None:
    assert wording.gender("not_specified") == "Not specified"
    assert wording.label(wording.SENSITIVE_CATEGORIES, "substance_misuse") == "Substance misuse"
    assert wording.label(wording.CONSENT_BASES, "significant_harm").startswith("reasonable cause")
    assert wording.label(wording.SHIELD_REASONS, "special_new_reason") == "Special new reason"


def test_names_put_the_family_name_first_in_capitals() -> None:
    assert wording.person("Testerson", "Alpha Zeta") == "TESTERSON, Alpha Zeta"


def test_shield_facts_say_what_is_not_recorded() -> None:
    facts = wording.shield_facts(Shield(dt.date(2026, 1, 1), None, None, dt.date(2026, 7, 1)))
    assert facts == [
        ("Shielded since", "1 Jan 2026"),
        ("Shielded by", "Not recorded"),
        ("Reason", "Not recorded"),
        ("Next review", "1 Jul 2026"),
    ]


def test_every_contract_code_has_its_words() -> None:
    assert set(wording.SHIELD_REASONS) == set(ShieldReason) == {c for c, _ in SHIELD_REASONS}
    assert set(wording.CONSENT_BASES) == set(ConsentBasis) == {c for c, _ in CONSENT_BASES}
