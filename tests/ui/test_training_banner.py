"""The TRAINING mark: painted loud, named for screen readers, and put on top of a dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from tests.ui.render import render
from ui.training_banner import TEXT, TrainingBanner, mark_training


def dialog_with_box(qtbot: QtBot) -> QDialog:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("ContactPoint — example")
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("content", dialog))
    return dialog


def test_the_banner_says_training_and_is_named(qtbot: QtBot) -> None:
    banner = TrainingBanner()
    qtbot.addWidget(banner)
    assert TEXT == "TRAINING — synthetic children only"
    assert banner.text == TEXT
    assert banner.accessibleName() == TEXT
    assert TrainingBanner(large=True).sizeHint().height() > banner.sizeHint().height()
    # Wide enough for its words at its smallest, so they are never cut.
    assert banner.minimumSizeHint().width() > banner.fontMetrics().horizontalAdvance(TEXT)


def test_mark_training_puts_one_banner_first_and_marks_the_title_once(qtbot: QtBot) -> None:
    dialog = dialog_with_box(qtbot)
    banner = mark_training(dialog, True)
    assert banner is not None
    layout = dialog.layout()
    assert layout is not None and layout.itemAt(0).widget() is banner
    assert dialog.windowTitle() == "ContactPoint — example — TRAINING"
    assert mark_training(dialog, True) is banner
    assert dialog.windowTitle() == "ContactPoint — example — TRAINING"
    assert len(dialog.findChildren(TrainingBanner)) == 1


def test_outside_training_nothing_changes(qtbot: QtBot) -> None:
    dialog = dialog_with_box(qtbot)
    assert mark_training(dialog, False) is None
    assert dialog.findChild(TrainingBanner) is None
    assert dialog.windowTitle() == "ContactPoint — example"


def test_a_dialog_without_a_box_layout_is_refused(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QGridLayout(dialog)
    with pytest.raises(TypeError, match="QBoxLayout"):
        mark_training(dialog, True)


def test_render_training_banner(qtbot: QtBot) -> None:
    banner = TrainingBanner()
    qtbot.addWidget(banner)
    banner.resize(600, banner.sizeHint().height())
    assert render(banner, "training_banner").exists()
