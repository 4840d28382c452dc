"""Who the child is: the name large, then date of birth, gender and ContactPoint ID.

The four fields every view of a record shows, shielded or not (DESIGN.md 3.3), laid out
the same way in both so that a practitioner always finds them in the same place. Marks
(SHIELDED, DIED ...) sit beside the name, in words; a full view adds rows such as former
names. One label (ui.record_text.Rich), read out first as "Child".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QWidget

from desktop import RecordModel, wording
from ui.record_text import Rich, Tone, rich_label

TITLE = "Child"


def child_identity(
    record: RecordModel,
    today: dt.date,
    parent: QWidget,
    *,
    marks: Sequence[tuple[str, Tone]] = (),
    extra: Sequence[tuple[str, str]] = (),
) -> QLabel:
    given = " ".join(n for n in (record.given_name, record.middle_names) if n)
    born = wording.date(record.date_of_birth)
    if record.date_of_death is None:
        born += f" (age {wording.age(record.date_of_birth, today)})"
    block = Rich().line(
        wording.person(record.family_name, given), scale=1.6, bold=True, marks=marks
    )
    block.fields(
        [
            ("Date of birth", born),
            ("Gender", wording.gender(record.gender)),
            ("ContactPoint ID", wording.cp_id(record.cp_id)),
        ],
        across=True,
        scale=1.1,
    )
    block.fields(extra)
    return rich_label(block, parent, name="child_identity", title=TITLE)
