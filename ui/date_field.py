"""A date the practitioner picks from a calendar, within bounds, as a datetime.date.

Shown as "3 March 2025": a day and month written out cannot be read the American way round.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

DISPLAY_FORMAT = "d MMMM yyyy"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateField(QDateEdit):
    """A calendar-popup date edit between `earliest` and `latest`, starting on `initial`."""

    def __init__(
        self,
        initial: dt.date,
        *,
        latest: dt.date,
        earliest: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        # Qt's own floor is 14 September 1752; nobody works with a child from 1900.
        self.setDateRange(_qdate(earliest or dt.date(1900, 1, 1)), _qdate(latest))
        self.setDate(_qdate(initial))

    def day(self) -> dt.date:
        chosen = self.date()
        return dt.date(chosen.year(), chosen.month(), chosen.day())

    def set_day(self, day: dt.date) -> None:
        """Set the date; outside the bounds Qt moves it to the nearest bound."""
        self.setDate(_qdate(day))
