"""Retention periods counted in calendar years, 29 February included."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from directory.anniversaries import latest_date_reaching, years_after


def test_a_leap_day_birthday_falls_on_28_february() -> None:
    assert years_after(dt.date(2008, 2, 29), 18) == dt.date(2026, 2, 28)
    assert years_after(dt.date(2008, 2, 29), 4) == dt.date(2012, 2, 29)
    assert years_after(dt.date(2007, 6, 15), 18) == dt.date(2025, 6, 15)


@given(
    start=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    today=st.dates(dt.date(2000, 1, 1), dt.date(2050, 12, 31)),
    years=st.sampled_from([1, 2, 6, 18, 19]),
)
def test_the_sql_cutoff_is_the_exact_inverse_of_years_after(
    start: dt.date, today: dt.date, years: int
) -> None:
    # SQL compares dates against latest_date_reaching; the policy is stated with years_after.
    assert (start <= latest_date_reaching(today, years)) == (years_after(start, years) <= today)


def test_cutoff_around_leap_day() -> None:
    # On 28 Feb 2030 a child born on 29 Feb 2012 has turned 18.
    assert latest_date_reaching(dt.date(2030, 2, 28), 18) == dt.date(2012, 2, 29)
    assert latest_date_reaching(dt.date(2030, 2, 27), 18) == dt.date(2012, 2, 27)
    assert latest_date_reaching(dt.date(2028, 2, 29), 18) == dt.date(2010, 2, 28)
