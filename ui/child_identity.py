"""Who the child is: the name large, then date of birth, gender and ContactPoint ID.

The four fields every view of a record shows, shielded or not (DESIGN.md 3.3), laid out
the same way in both so that a practitioner always finds them in the same place. Marks
(SHIELDED, DIED ...) sit beside the name; a full view adds rows such as former names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import RecordModel, wording
from ui.record_text import Tone, badge, caption, plain, scaled


class ChildIdentity(QWidget):
    def __init__(
        self,
        record: RecordModel,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        marks: Sequence[tuple[str, Tone]] = (),
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("child_identity")
        self.setAccessibleName("Child")
        given = " ".join(n for n in (record.given_name, record.middle_names) if n)
        person = wording.person(record.family_name, given)
        name = scaled(plain(person, self, name="name"), 1.6, bold=True)
        name_row = QHBoxLayout()
        name_row.addWidget(name, 1)
        for text, tone in marks:
            name_row.addWidget(badge(text, tone, self, name="mark"))

        born = wording.date(record.date_of_birth)
        if record.date_of_death is None:
            born += f" (age {wording.age(record.date_of_birth, today)})"
        fields = QGridLayout()
        fields.setHorizontalSpacing(28)
        fields.setVerticalSpacing(2)
        for column, (title, value, key) in enumerate(
            (
                ("Date of birth", born, "date_of_birth"),
                ("Gender", wording.gender(record.gender), "gender"),
                ("ContactPoint ID", wording.cp_id(record.cp_id), "cp_id"),
            )
        ):
            fields.addWidget(caption(title, self), 0, column)
            fields.addWidget(_value(value, self, key), 1, column)
        fields.setColumnStretch(3, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(name_row)
        layout.addLayout(fields)
        if extra:
            more = QGridLayout()
            more.setHorizontalSpacing(12)
            for row, (title, value) in enumerate(extra):
                more.addWidget(caption(title, self), row, 0)
                more.addWidget(_value(value, self, ""), row, 1)
            more.setColumnStretch(1, 1)
            layout.addLayout(more)


def _value(text: str, parent: QWidget, name: str) -> QLabel:
    return scaled(plain(text, parent, name=name), 1.1)
