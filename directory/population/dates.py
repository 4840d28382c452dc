"""Calendar helpers for ages, birthdays and school years."""

from __future__ import annotations

import datetime as dt
import random


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def academic_year_start(day: dt.date) -> int:
    """The calendar year in which the school year containing `day` began (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A uniformly random day in [first, last]; `first` when the range is empty."""
    span = last.toordinal() - first.toordinal()
    if span <= 0:
        return first
    return dt.date.fromordinal(first.toordinal() + rng.randrange(span + 1))
