"""High contrast (issue 12): on when the system or the policy asks (a user may only add to
the policy: tests/desktop/test_policy.py), a black-on-white palette and thick focus outlines
when on; and colour never the only signal in a record. The record in high contrast is drawn
to tests/ui/screenshots/record_high_contrast.png (synthetic data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui import samples
from tests.ui.render import render
from tests.ui.windows import main_windows, shown
from ui import contrast
from ui.main_window import MainWindow
from ui.training_banner import TrainingBanner


@pytest.fixture
def plain_afterwards(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    contrast.apply_contrast(qapp, False)


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def ratio(first: QColor, second: QColor) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("policy", "system", "on"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_on_when_the_policy_or_the_system_asks(policy: bool, system: bool, on: bool) -> None:
    assert contrast.high_contrast_wanted(policy, system) is on


def test_the_policy_turns_it_on_and_off_again_restores_the_palette(
    plain_afterwards: QApplication,
) -> None:
    app = plain_afterwards
    before = QPalette(app.palette())
    follower = contrast.ContrastFollower(app, policy_on=True)
    assert follower.on and contrast.is_high_contrast(app)
    contrast.apply_contrast(app, False)
    assert not contrast.is_high_contrast(app)
    assert app.palette().color(QPalette.ColorRole.Window) == before.color(QPalette.ColorRole.Window)
    # The offscreen platform states no contrast preference: off without the policy.
    assert not contrast.ContrastFollower(app, policy_on=False).on


def test_the_system_turning_it_on_is_followed(
    plain_afterwards: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower = contrast.ContrastFollower(plain_afterwards, policy_on=False)
    assert not follower.on
    monkeypatch.setattr(contrast, "system_asks_for_high_contrast", lambda: True)
    hints = QApplication.styleHints().accessibility()
    hints.contrastPreferenceChanged.emit(Qt.ContrastPreference.HighContrast)
    assert follower.on


def test_the_palette_is_strong(plain_afterwards: QApplication) -> None:
    contrast.apply_contrast(plain_afterwards, True)
    palette = plain_afterwards.palette()
    role = QPalette.ColorRole
    for text, ground in [
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
    ]:
        assert ratio(palette.color(text), palette.color(ground)) >= 7, text  # WCAG AAA
    disabled = palette.color(QPalette.ColorGroup.Disabled, role.ButtonText)
    assert ratio(disabled, palette.color(role.Button)) >= 4.5  # still readable


def test_the_focus_is_a_thick_black_outline_on_yellow(
    qtbot: QtBot, plain_afterwards: QApplication
) -> None:
    contrast.apply_contrast(plain_afterwards, True)
    holder = QWidget()
    button = QPushButton("Search", holder)
    other = QPushButton("Clear", holder)
    other.move(0, 60)
    holder.resize(200, 120)
    shown(qtbot, holder)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    image = button.grab().toImage()
    row = image.height() // 2
    # Four pixels of black border, then yellow behind the words; unfocused: two pixels.
    assert [image.pixelColor(x, row).name() for x in range(5)] == [
        *["#000000"] * 4,
        contrast.YELLOW.lower(),
    ]
    unfocused = other.grab().toImage()
    assert [unfocused.pixelColor(x, row).name() for x in range(3)] == [
        "#000000",
        "#000000",
        contrast.WHITE.lower(),
    ]


def coloured(root: QWidget) -> list[QWidget]:
    """Widgets under `root` that paint their own colours (badges, banners, notices)."""
    return [
        widget
        for widget in [root, *root.findChildren(QWidget)]
        if widget.isVisible()
        and (
            "background" in widget.styleSheet()
            or isinstance(widget, TrainingBanner)
            or (
                widget.testAttribute(Qt.WidgetAttribute.WA_StyledBackground)
                and widget.autoFillBackground()
            )
        )
    ]


def words(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel) else ""
    inner = " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())
    return " ".join(part for part in (text, inner, widget.accessibleName()) if part).strip()


def test_colour_is_never_the_only_signal_in_a_record(qtbot: QtBot) -> None:
    seen: set[str] = set()
    for where, window in main_windows(qtbot):
        for widget in coloured(window):
            said = words(widget)
            assert said, f"{where}: {type(widget).__name__} {widget.objectName()!r} has no words"
            seen.add(said.upper())
    # The marks the issue names are among what is said, in words.
    for mark in ("SHIELDED", "LEAD PROFESSIONAL", "SENSITIVE SERVICE", "TRAINING"):
        assert any(mark in said for said in seen), mark


def test_the_record_in_high_contrast_is_drawn(qtbot: QtBot, plain_afterwards: QApplication) -> None:
    contrast.apply_contrast(plain_afterwards, True)
    window = MainWindow(samples.PRACTITIONER, training=True)
    window.resize(1400, 860)
    shown(qtbot, window)
    window.show_record(samples.standard_record())
    qtbot.waitUntil(lambda: window.record.complete)  # every block on show
    window.focus_search()  # the yellow focus on the first field
    path = render(window, "record_high_contrast")
    assert path.stat().st_size > 0
