"""Retention periods and the calendar arithmetic behind them (DESIGN.md 3.3).

The projection (who may see a record today), the search pre-filter (the same rule in SQL)
and the retention run (archive and purge) all count years the same way from here, so a
record can never be hidden by one and shown by another on the day a period ends.
"""

from __future__ import annotations

import datetime as dt

ADULT_AGE = 18  # archived on the 18th birthday
DECEASED_KEPT_YEARS = 1  # archived on the first anniversary of death
ARCHIVE_VISIBLE_YEARS = 1  # management team only, for this long after archiving
PURGE_AFTER_YEARS = 6  # deleted this long after archiving


def years_after(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (or earlier, for negative years).

    29 February becomes 28 February in a common year, not 1 March: of the two readings it
    never keeps an adult in the live directory past the end of their 18th year, and the
    policy exists to remove adults' records, so the earlier day is the safe side.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def latest_date_reaching(today: dt.date, years: int) -> dt.date:
    """The latest day d with years_after(d, years) <= today: a cutoff for SQL comparisons.

    Usually today minus `years`; the day after that qualifies too when it is a 29 February
    whose anniversary falls on 28 February (on 28 February 2030 a child born on
    29 February 2012 has turned 18).
    """
    latest = years_after(today, -years)
    following = latest + dt.timedelta(days=1)
    return following if years_after(following, years) <= today else latest
