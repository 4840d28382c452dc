"""The text size (issue 12): the application font at the policy's percentage of the
system's, and at 200% no label or button in any window cut short. The record at 200% is
drawn to tests/ui/screenshots/record_text_200.png (synthetic data) for people to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui import samples
from tests.ui.render import render
from tests.ui.text_fit import cut_off
from tests.ui.windows import main_windows, other_windows, pin_dialogs, shown
from ui.involvement_dialog import InvolvementDialog
from ui.main_window import MainWindow
from ui.text_scale import apply_text_scale, fit_to_text

Scale = Callable[[int], None]


@pytest.fixture
def text_scale(qapp: QApplication) -> Iterator[Scale]:
    """Sets the text size for the windows built after it; back to 100% afterwards."""
    yield lambda percent: apply_text_scale(qapp, percent)
    apply_text_scale(qapp, 100)


def fitting(qapp: QApplication) -> bool:
    return qapp.findChild(QObject, "fit_to_text") is not None


def test_the_font_is_the_percentage_of_the_systems(qapp: QApplication, text_scale: Scale) -> None:
    system = qapp.font().pointSizeF()
    text_scale(150)
    assert qapp.font().pointSizeF() == pytest.approx(system * 1.5)
    text_scale(200)  # from the system's size, not from the last scale
    assert qapp.font().pointSizeF() == pytest.approx(system * 2)
    assert fitting(qapp)
    with pytest.raises(ValueError, match="out of range"):
        text_scale(250)
    text_scale(100)  # the windows' own sizes, and no filter on every event
    assert qapp.font().pointSizeF() == pytest.approx(system) and not fitting(qapp)


def test_at_200_percent_no_text_is_cut_outside_the_record(qtbot: QtBot, text_scale: Scale) -> None:
    text_scale(200)
    for where, window in chain(main_windows(qtbot), other_windows(qtbot), pin_dialogs(qtbot)):
        skip = [window.record] if isinstance(window, MainWindow) else []
        assert cut_off(window, skip=skip) == [], where


def test_without_the_fit_a_dialog_at_200_percent_is_cut(
    qtbot: QtBot, qapp: QApplication, text_scale: Scale
) -> None:
    # The check can fail: the same dialog, kept at the size it is given, loses its text.
    text_scale(200)
    dialog = shown(qtbot, InvolvementDialog(today=samples.NOW.date()))
    assert cut_off(dialog) == []
    dialog.resize(400, 300)
    assert cut_off(dialog) != []
    fit_to_text(dialog)
    assert cut_off(dialog) == []


def test_at_200_percent_no_text_is_cut_in_the_record(qtbot: QtBot, text_scale: Scale) -> None:
    # The record's requests wrap onto a second line rather than be squeezed (ui.flow_layout).
    text_scale(200)
    for where, window in main_windows(qtbot):
        assert cut_off(window.record) == [], where


def test_the_record_at_200_percent_is_drawn(qtbot: QtBot, text_scale: Scale) -> None:
    text_scale(200)
    window = MainWindow(samples.PRACTITIONER, training=True)
    window.resize(1600, 1000)
    shown(qtbot, window)
    window.show_record(samples.standard_record())
    qtbot.waitUntil(lambda: window.record.complete)  # every block on show
    path = render(window, "record_text_200")
    assert path.stat().st_size > 0
