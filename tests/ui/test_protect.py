"""Screen-capture protection of the client's windows, offscreen.

The offscreen platform has no capture exclusion, so the real path answers UNSUPPORTED (and
must not crash); which windows are protected, and when, is shown with a recording stand-in
for `exclude_from_capture`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.platform import CaptureProtection, CaptureStatus
from desktop.platform.capture import UNSUPPORTED_REASON
from ui import protect
from ui.protect import ProtectOnShow, install_protect_on_show, protect_window


@pytest.fixture(autouse=True)
def fresh_log(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no outcome logged yet."""
    monkeypatch.setattr(protect, "_log_once", protect._OnceLog())


class Recorder:
    def __init__(self) -> None:
        self.handles: list[int] = []

    def __call__(self, window_id: int) -> CaptureProtection:
        self.handles.append(window_id)
        return CaptureProtection(CaptureStatus.APPLIED, "recorded")


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    calls = Recorder()
    monkeypatch.setattr(protect, "exclude_from_capture", calls)
    return calls


@pytest.fixture
def watching(qapp: QApplication) -> Iterator[ProtectOnShow]:
    watcher = install_protect_on_show(qapp, enabled=True)
    yield watcher
    qapp.removeEventFilter(watcher)  # one QApplication serves the whole session
    watcher.setParent(None)


def _window_with_children(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.addWidget(QLabel("Search"))
    window.setCentralWidget(body)
    return window


def test_offscreen_is_unsupported_logged_once_and_does_not_crash(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = _window_with_children(qtbot), _window_with_children(qtbot)
    first.show()
    second.show()
    with caplog.at_level(logging.INFO, logger="ui.protect"):
        outcomes = [protect_window(first, True), protect_window(second, True)]
    assert outcomes == [CaptureProtection(CaptureStatus.UNSUPPORTED, UNSUPPORTED_REASON)] * 2
    assert [r.getMessage() for r in caplog.records] == [
        f"screen-capture protection unsupported: {UNSUPPORTED_REASON}"
    ]
    assert caplog.records[0].levelno == logging.WARNING  # unprotected is worth a warning


def test_policy_allowing_capture_protects_nothing(
    qtbot: QtBot, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    window = _window_with_children(qtbot)
    window.show()
    with caplog.at_level(logging.INFO, logger="ui.protect"):
        assert protect_window(window, False) is None
        assert protect_window(window, False) is None
    assert recorder.handles == []
    assert [r.getMessage() for r in caplog.records] == [
        "screen-capture protection is off by machine policy"
    ]


def test_a_child_widget_protects_its_window(qtbot: QtBot, recorder: Recorder) -> None:
    window = _window_with_children(qtbot)
    window.show()
    label = window.findChild(QLabel)
    assert isinstance(label, QLabel)
    protect_window(label, True)
    assert recorder.handles == [int(window.winId())]


def test_every_top_level_window_is_protected_when_first_shown(
    qtbot: QtBot, recorder: Recorder, watching: ProtectOnShow
) -> None:
    window = _window_with_children(qtbot)
    dialog = QDialog(window)  # a dialog is a top-level window of its own
    window.show()
    dialog.show()
    assert recorder.handles == [int(window.winId()), int(dialog.winId())]
    # Child widgets are not windows; shown again, a window keeps its protection.
    window.hide()
    window.show()
    assert recorder.handles == [int(window.winId()), int(dialog.winId())]


def test_a_window_with_a_new_native_handle_is_protected_again(
    qtbot: QtBot, recorder: Recorder, watching: ProtectOnShow
) -> None:
    window = _window_with_children(qtbot)
    window.show()
    before = int(window.winId())
    window.destroy()  # what Qt does itself when some window flags change
    window.show()
    after = int(window.winId())
    assert after != before
    assert recorder.handles == [before, after]


def test_windows_already_visible_are_protected_at_install(
    qtbot: QtBot, recorder: Recorder, qapp: QApplication
) -> None:
    window = _window_with_children(qtbot)
    window.show()
    watcher = install_protect_on_show(qapp, enabled=True)
    try:
        assert int(window.winId()) in recorder.handles
    finally:
        qapp.removeEventFilter(watcher)
        watcher.setParent(None)


def test_the_real_path_offscreen_shows_windows_normally(
    qtbot: QtBot, watching: ProtectOnShow
) -> None:
    window = _window_with_children(qtbot)
    window.show()
    qtbot.waitExposed(window)
    assert window.isVisible()
