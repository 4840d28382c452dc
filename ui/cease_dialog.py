"""Mark your organisation's involvement with a child as ceased (PATCH .../involvements/{id}).

The date can be neither after today nor before the involvement started: the directory
refuses both, so the calendar does not offer them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from desktop import CeaseDraft
from ui.action_dialog import ActionDialog
from ui.date_field import DateField

TITLE = "ContactPoint — end your involvement"


class CeaseDialog(ActionDialog[CeaseDraft]):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        training: bool = False,
        today: dt.date | None = None,
        started: dt.date | None = None,
    ) -> None:
        """`started`: the involvement's start date, the earliest it can have ceased."""
        super().__init__(
            title=TITLE,
            heading="Mark your involvement as ceased",
            explanation=(
                "Give the date your service stopped working with this child. The involvement "
                "stays on the record with this end date, so others can see who worked with "
                "the child."
            ),
            ok_label="Mark as ceased",
            parent=parent,
            training=training,
        )
        self._today = today or dt.date.today()
        self.ceased_date = DateField(self._today, latest=self._today, earliest=started, parent=self)
        self.ceased_date.setAccessibleName("Ceased on")
        self.ceased_date.setAccessibleDescription(
            "The day your involvement ended: not before it started, not after today."
        )
        self.form.addRow("&Ceased on:", self.ceased_date)
        self.ceased_date.dateChanged.connect(self.refresh)
        self.finish([self.ceased_date])

    def draft(self) -> CeaseDraft:
        day = self.ceased_date.day()
        if day > self._today:  # the calendar stops at today; a check that cannot drift
            raise ValueError("The ceased date cannot be in the future.")
        return CeaseDraft(day)
