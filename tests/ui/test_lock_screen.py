"""The lock screen: each state's words, sign-out only while locked, the TRAINING mark, and no
text but its own (nothing about a person can reach it through its API)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.controller_text import CARD_REMOVED, INACTIVE, os_locked
from tests.ui.render import render
from ui.lock_screen import LockScreen
from ui.training_banner import TrainingBanner


def screen_for(qtbot: QtBot, *, training: bool = False) -> LockScreen:
    screen = LockScreen(training=training)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def visible_texts(screen: LockScreen) -> list[str]:
    return [label.text() for label in screen.findChildren(QLabel) if label.isVisible()]


def test_it_starts_by_asking_for_the_card(qtbot: QtBot) -> None:
    screen = screen_for(qtbot)
    assert screen.windowTitle() == "ContactPoint"
    assert visible_texts(screen) == ["ContactPoint", "Insert your smartcard"]
    assert not screen.sign_out_button.isVisible()
    assert screen.findChild(TrainingBanner) is None


def test_pin_needed(qtbot: QtBot) -> None:
    screen = screen_for(qtbot)
    screen.show_pin_needed()
    assert screen.state_text == "Enter your PIN to continue"
    assert not screen.sign_out_button.isVisible()


@pytest.mark.parametrize(
    "reason",
    [
        CARD_REMOVED,
        INACTIVE,
        os_locked("the computer was locked"),
    ],
)
def test_locked_shows_the_reason_and_offers_sign_out(qtbot: QtBot, reason: str) -> None:
    screen = screen_for(qtbot)
    screen.show_locked(reason)
    assert screen.state_text == reason
    assert reason in visible_texts(screen)
    assert screen.sign_out_button.isVisible()
    # Asking for the PIN to unlock keeps the reason and the way out.
    screen.show_pin_needed()
    assert screen.state_text == "Enter your PIN to continue"
    assert screen.detail_text == reason
    assert screen.sign_out_button.isVisible()


def test_sign_out_is_asked_for_by_the_button(qtbot: QtBot) -> None:
    screen = screen_for(qtbot)
    screen.show_locked(CARD_REMOVED)
    with qtbot.waitSignal(screen.sign_out_requested, timeout=1000):
        qtbot.mouseClick(screen.sign_out_button, Qt.MouseButton.LeftButton)


def test_signing_out_or_a_new_card_hides_sign_out(qtbot: QtBot) -> None:
    screen = screen_for(qtbot)
    screen.show_locked(INACTIVE)
    screen.show_signed_out()
    assert screen.state_text == "Signed out"
    assert not screen.sign_out_button.isVisible()
    screen.show_pin_needed()
    assert screen.detail_text == ""  # a new sign-in: the old lock reason is gone
    screen.show_locked(CARD_REMOVED)
    screen.show_insert_token()
    assert not screen.sign_out_button.isVisible()


def test_signed_out_can_say_why(qtbot: QtBot) -> None:
    screen = screen_for(qtbot)
    screen.show_signed_out("Your directory session ended")
    assert screen.detail_text.startswith("Your directory session ended. ")


def test_the_only_buttons_are_sign_out_and_diagnostics_and_no_text_can_be_taken(
    qtbot: QtBot,
) -> None:
    screen = screen_for(qtbot)
    screen.show_locked(CARD_REMOVED)
    assert [b.objectName() for b in screen.findChildren(QAbstractButton)] == [
        "signOutButton",
        "diagnosticsButton",
    ]
    # Diagnostics asks for the report; the screen itself holds none (ui.diagnostics_screen).
    [diagnostics] = [b for b in screen.findChildren(QAbstractButton) if "Diag" in b.text()]
    with qtbot.waitSignal(screen.diagnostics_requested):
        qtbot.mouseClick(diagnostics, Qt.MouseButton.LeftButton)
    for label in screen.findChildren(QLabel):
        assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    for widget in (screen, *screen.findChildren(QWidget)):
        assert widget.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu, widget


def test_every_state_shows_only_the_screens_own_words(qtbot: QtBot) -> None:
    screen = screen_for(qtbot, training=True)
    own = {
        "ContactPoint",
        "Insert your smartcard",
        "Enter your PIN to continue",
        "Signed out",
        CARD_REMOVED,
        screen.detail_text,
    }
    steps = (
        screen.show_insert_token,
        screen.show_pin_needed,
        lambda: screen.show_locked(CARD_REMOVED),
        screen.show_pin_needed,
        screen.show_signed_out,
    )
    for step in steps:
        step()
        own.add(screen.detail_text)
        assert set(visible_texts(screen)) <= own


def test_training_draws_the_banner_and_marks_the_title(qtbot: QtBot) -> None:
    screen = screen_for(qtbot, training=True)
    assert screen.training
    banner = screen.findChild(TrainingBanner)
    assert banner is not None and banner.isVisible()
    assert "TRAINING" in banner.text
    assert screen.windowTitle() == "ContactPoint — TRAINING"
    # The banner is drawn in yellow and black, not only named.
    image = banner.grab().toImage()
    colours = {image.pixelColor(x, image.height() // 2).name() for x in range(0, image.width(), 3)}
    assert "#ffd400" in colours and "#111111" in colours


def test_render_lock_screen_training(qtbot: QtBot) -> None:
    screen = screen_for(qtbot, training=True)
    screen.resize(800, 500)
    screen.show_locked(INACTIVE)
    assert render(screen, "lock_screen_training").exists()
