"""Accessibility (issue 12, WCAG 2.2 AA where it applies to a desktop program), as a screen
reader and a keyboard user meet it, in every window and dialog the client shows
(tests/ui/windows.py):

* every control has a name and a description (Qt's accessibility interface), and every
  section of a record a name and a description;
* Tab follows reading order.

Text size and high contrast: test_text_scale.py and test_contrast.py.
"""

from __future__ import annotations

from itertools import chain

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.accessibility import interfaces, problems
from tests.ui.reading_order import out_of_order
from tests.ui.windows import main_windows, not_theirs, other_windows, pin_dialogs
from ui.main_window import MainWindow
from ui.pin_entry import PinEntry

# --- names and descriptions -------------------------------------------------------------------


def test_every_control_is_named_and_described(qtbot: QtBot) -> None:
    for where, window in chain(main_windows(qtbot), other_windows(qtbot)):
        assert problems(window, skip=not_theirs(window)) == [], where


def record_problems(window: MainWindow) -> list[str]:
    """A record's controls and its sections (frames holding other things), as read."""
    found = problems(window.record)
    for item in interfaces(window.record):
        obj = item.object()
        section = isinstance(obj, QFrame | QGroupBox) and not isinstance(
            obj, QLabel | QAbstractScrollArea
        )
        if section and item.childCount() > 0:
            name = item.text(QAccessible.Text.Name).strip()
            description = item.text(QAccessible.Text.Description).strip()
            if not (name and description):
                found.append(f"section {name!r} has no {'description' if name else 'name'}")
    return found


def test_every_record_section_and_control_is_named_and_described(qtbot: QtBot) -> None:
    # RECORD PART: the record's sections (Address, GP practice, ...) and its buttons.
    for where, window in main_windows(qtbot):
        assert record_problems(window) == [], where


def test_the_session_header_and_the_pin_dialogs_are_named_described_and_in_order(
    qtbot: QtBot,
) -> None:
    found: list[str] = []
    for where, main in main_windows(qtbot):
        found += [f"{where}: {line}" for line in problems(main.header)]
        found += [f"{where}: {line}" for line in out_of_order(main, skip=[main.record])]
    for where, window in chain(pin_dialogs(qtbot), other_windows(qtbot)):
        for entry in window.findChildren(PinEntry):
            found += [f"{where}: {line}" for line in problems(entry)]
    for where, dialog in pin_dialogs(qtbot):
        found += [f"{where}: {line}" for line in problems(dialog) + out_of_order(dialog)]
    assert found == []


# --- Tab order --------------------------------------------------------------------------------


def test_tab_follows_reading_order(qtbot: QtBot) -> None:
    for where, window in chain(main_windows(qtbot), other_windows(qtbot)):
        # The record's own order is the record's; the header's is checked above.
        skip = [window.header] if isinstance(window, MainWindow) else not_theirs(window)
        assert out_of_order(window, skip=skip) == [], where
