"""The watermark: who and when, drawn faintly over the whole parent, never in the way."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.identity import SignedInUser
from tests.ui.samples import MANAGER, PRACTITIONER
from ui.watermark import Watermark, watermark_text

AT = dt.datetime(2026, 6, 15, 9, 5, tzinfo=dt.UTC)


def _covered(qtbot: QtBot) -> tuple[QWidget, QPushButton, Watermark]:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(400, 300)
    button = QPushButton("Zz button", parent)
    button.setGeometry(150, 130, 100, 30)
    mark = Watermark(parent)
    return parent, button, mark


def test_text_names_the_viewer_their_organisation_and_the_minute() -> None:
    assert watermark_text(PRACTITIONER, AT) == (
        "Zz Practitioner · Zzhealth Visiting · 15 Jun 2026 09:05"
    )
    assert watermark_text(MANAGER, AT).startswith("Zz Manager · Northtown · ")
    nowhere = SignedInUser("Zz Nobody", None, ("helpdesk",), None)
    assert watermark_text(nowhere, AT) == "Zz Nobody · Helpdesk · 15 Jun 2026 09:05"


def test_it_follows_the_parent_size(qtbot: QtBot) -> None:
    parent, _, mark = _covered(qtbot)
    assert mark.geometry() == parent.rect()
    parent.show()
    parent.resize(640, 480)
    assert mark.geometry() == parent.rect()
    parent.resize(320, 200)
    assert mark.geometry() == parent.rect()


def test_mouse_events_reach_the_widgets_underneath(qtbot: QtBot) -> None:
    parent, button, mark = _covered(qtbot)
    parent.show()
    assert mark.isVisible()
    # childAt skips a widget that is transparent for mouse events, as mouse delivery does:
    # the button under the watermark gets the click, and bare background is nobody's.
    assert parent.childAt(button.geometry().center()) is button
    assert parent.childAt(QPoint(5, 5)) is None


def test_it_stays_above_widgets_added_later(qtbot: QtBot) -> None:
    parent, _, mark = _covered(qtbot)
    late = QWidget(parent)
    late.setGeometry(0, 0, 400, 300)
    widgets = [c for c in parent.children() if isinstance(c, QWidget)]
    assert widgets[-1] is mark  # the last child is drawn on top


def _image(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def _ink(image: QImage, background: QColor) -> int:
    changed = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if image.pixelColor(x, y) != background:
                changed += 1
    return changed


def test_it_draws_faint_text_across_the_whole_parent(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.setStyleSheet("background: white;")
    parent.setAutoFillBackground(True)
    parent.resize(500, 400)
    mark = Watermark(parent)
    parent.show()
    blank = _image(parent)
    background = blank.pixelColor(QPoint(5, 5))
    assert _ink(blank, background) == 0
    mark.set_text(watermark_text(PRACTITIONER, AT))
    assert mark.text() == "Zz Practitioner · Zzhealth Visiting · 15 Jun 2026 09:05"
    drawn = _image(parent)
    halves = (drawn.copy(0, 0, 250, 400), drawn.copy(250, 0, 250, 400))
    assert all(_ink(half, background) > 100 for half in halves)  # tiled, not one line
    darkest = min(
        drawn.pixelColor(x, y).lightness()
        for y in range(0, drawn.height(), 2)
        for x in range(0, drawn.width(), 2)
    )
    assert darkest > 150  # faint: the record stays readable through it
    mark.set_text("")
    assert _ink(_image(parent), background) == 0
