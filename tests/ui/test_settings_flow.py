"""The Settings flow of the application: the user's choice is written off the GUI thread
and the outcome (saved, or why not) is shown once it is known; a lock drops the notice."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

import desktop.controller
from desktop.policy import save_user_changes
from tests.desktop.rig import WAIT_MS, RigFactory
from ui.app import ClientApp
from ui.settings_dialog import SettingsDialog
from ui.settings_flow import SAVED


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this user's settings file goes (platformdirs reads XDG_CONFIG_HOME on Linux)."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


class Writer:
    """Stands in for the settings writer: records its thread, and may be held at a gate."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.append(threading.current_thread())
        self.gate.wait(WAIT_MS / 1000)
        return save_user_changes(*args, **kwargs)


@pytest.fixture
def writer(monkeypatch: pytest.MonkeyPatch) -> Writer:
    recording = Writer()
    monkeypatch.setattr(desktop.controller, "save_user_changes", recording)
    return recording


def _settings_dialog(qtbot: QtBot) -> SettingsDialog:
    def found() -> SettingsDialog | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SettingsDialog) and widget.isVisible():
                return widget
        return None

    qtbot.waitUntil(lambda: found() is not None, timeout=WAIT_MS)
    dialog = found()
    assert dialog is not None
    return dialog


def _notices() -> list[str]:
    return [
        widget.text()
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox) and widget.isVisible()
    ]


def _save_a_stricter_idle_timeout(qtbot: QtBot, client: ClientApp) -> None:
    client.open_settings()
    dialog = _settings_dialog(qtbot)
    idle = dialog.editor("idle_timeout_minutes")
    assert isinstance(idle, QComboBox)
    idle.setCurrentIndex(idle.findData(5))
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_settings_are_written_off_the_gui_thread_and_the_person_told(
    make_rig: RigFactory,
    qtbot: QtBot,
    config_home: Path,
    writer: Writer,
) -> None:
    client = ClientApp(make_rig().controller)
    _save_a_stricter_idle_timeout(qtbot, client)
    qtbot.waitUntil(lambda: SAVED in _notices(), timeout=WAIT_MS)
    assert writer.threads and threading.main_thread() not in writer.threads
    saved = json.loads((config_home / "ContactPoint" / "settings.json").read_text())
    assert saved == {"idle_timeout_minutes": 5}
    client.stop()


def test_a_settings_file_that_cannot_be_written_is_said_so(
    make_rig: RigFactory, qtbot: QtBot, config_home: Path
) -> None:
    config_home.mkdir()
    (config_home / "ContactPoint").write_text("")  # a file where the folder must go
    client = ClientApp(make_rig().controller)
    _save_a_stricter_idle_timeout(qtbot, client)
    qtbot.waitUntil(lambda: bool(_notices()), timeout=WAIT_MS)
    assert SAVED not in _notices()
    assert not client._settings.saving
    client.stop()


def test_a_lock_while_saving_drops_the_notice_but_not_the_file(
    make_rig: RigFactory, qtbot: QtBot, config_home: Path, writer: Writer
) -> None:
    rig = make_rig()
    client = ClientApp(rig.controller)
    rig.prompt_after(client.start)
    rig.sign_in()
    writer.gate.clear()
    _save_a_stricter_idle_timeout(qtbot, client)
    qtbot.waitUntil(lambda: bool(writer.threads), timeout=WAIT_MS)
    rig.controller.lock_now()
    qtbot.waitUntil(client.lock_screen.isVisible, timeout=WAIT_MS)
    writer.gate.set()
    settings_file = config_home / "ContactPoint" / "settings.json"
    qtbot.waitUntil(lambda: settings_file.exists() and not rig.runner.busy, timeout=WAIT_MS)
    assert json.loads(settings_file.read_text()) == {"idle_timeout_minutes": 5}
    assert not _notices()
    client.stop()
