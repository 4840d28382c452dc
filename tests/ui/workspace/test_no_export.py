"""Nothing leaves the workspace: every new window and dialog, filled with synthetic items,
walked with every copy, cut, select-all, print and save key and a context menu on every
widget (tests/ui/no_export_walk.py), with the application filter installed as the client
installs it; and the read-only views allow no selection, drag or editing at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from contract.codes import AlertStatus, ContactRequestStatus, ShieldEvent
from tests.ui.no_export_walk import assert_nothing_leaves, clear_clipboards
from tests.ui.workspace import samples
from tests.ui.workspace.test_window import filled
from ui.no_export import NoExportFilter, install_no_export
from ui.readonly import interaction_leaks
from ui.workspace.access_history import AccessHistoryDialog
from ui.workspace.alert_step_dialog import AlertStepDialog
from ui.workspace.decision_dialog import DecisionDialog
from ui.workspace.my_requests import MyRequestsDialog
from ui.workspace.shield_step_dialog import ShieldStepDialog
from ui.workspace.window import WorkspaceWindow


@pytest.fixture
def no_export(qapp: QApplication) -> Iterator[NoExportFilter]:
    installed = install_no_export(qapp)
    yield installed
    installed.uninstall()
    clear_clipboards()


def views(qtbot: QtBot) -> list[QWidget]:
    window = WorkspaceWindow(samples.MANAGER, training=True, clock=lambda: samples.NOW)
    filled(window)
    history = AccessHistoryDialog(samples.CHILD_A)
    mine = MyRequestsDialog()
    shown: list[QWidget] = [window, history, mine]
    for widget in shown:
        qtbot.addWidget(widget)
        widget.show()
    history.show(samples.access())
    mine.show(samples.own_requests("contact"), samples.own_requests("shield"))
    return shown


def dialogs(qtbot: QtBot) -> list[QWidget]:
    made: list[QWidget] = [
        AlertStepDialog(samples.action("alert", AlertStatus.CLOSED, samples.first_alert())),
        DecisionDialog(
            samples.action(
                "contact", ContactRequestStatus.DECLINED, samples.first_request("contact")
            )
        ),
        ShieldStepDialog(samples.action("shield", ShieldEvent.PLACE)),
    ]
    for dialog in made:
        qtbot.addWidget(dialog)
        dialog.show()
    return made


def test_the_read_only_views_allow_no_selection_drag_or_editing(qtbot: QtBot) -> None:
    for view in views(qtbot):
        assert interaction_leaks(view) == [], view.objectName()


def test_nothing_leaves_any_workspace_window_or_dialog(
    qtbot: QtBot, no_export: NoExportFilter
) -> None:
    assert_nothing_leaves(qtbot, [*views(qtbot), *dialogs(qtbot)])
