"""The workspace's windows and dialogs are kept out of screen captures as they are shown,
by the application-wide watcher the client installs (ui.protect), like every other window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from contract.codes import AlertStatus
from desktop.platform import CaptureProtection, CaptureStatus
from tests.ui.workspace import samples
from ui import protect
from ui.protect import ProtectOnShow, install_protect_on_show
from ui.workspace.access_history import AccessHistoryDialog
from ui.workspace.alert_step_dialog import AlertStepDialog
from ui.workspace.my_requests import MyRequestsDialog
from ui.workspace.window import WorkspaceWindow


@pytest.fixture
def protected(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    handles: list[int] = []

    def record(window_id: int) -> CaptureProtection:
        handles.append(window_id)
        return CaptureProtection(CaptureStatus.APPLIED, "recorded")

    monkeypatch.setattr(protect, "exclude_from_capture", record)
    monkeypatch.setattr(protect, "_log_once", protect._OnceLog())
    watcher: ProtectOnShow = install_protect_on_show(qapp, enabled=True)
    yield handles
    qapp.removeEventFilter(watcher)
    watcher.setParent(None)


def test_every_workspace_window_is_protected_when_shown(qtbot: QtBot, protected: list[int]) -> None:
    window = WorkspaceWindow(samples.MANAGER, training=False)
    qtbot.addWidget(window)
    window.show()
    made: list[QWidget] = [
        AlertStepDialog(samples.action("alert", AlertStatus.CLOSED, samples.first_alert()), window),
        AccessHistoryDialog(samples.CHILD_A, window),
        MyRequestsDialog(window),
    ]
    for dialog in made:
        dialog.show()
    # Each of ours (a window left over from an earlier test may be shown again meanwhile).
    assert {int(w.winId()) for w in [window, *made]} <= set(protected)
