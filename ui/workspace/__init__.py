"""The management team's and shield officers' workspace (DESIGN.md 3.6.1; issue 11), and
its front door.

    from ui.workspace import WorkspaceWindow, AlertStepDialog, ...

Widgets only: they show desktop.management's values (Alert, WorkRequest, ShieldStatus,
AccessEntry, Page) and send signals; the headless flows in desktop.management decide what
is listed, polled and done. One module per window, tab or dialog:

    window.WorkspaceWindow           the tabs, counts, Refresh (F5), Ctrl+1..4, clear()
    alerts_tab.AlertsTab             requests_tab.RequestsTab(kind)    reviews_tab.ReviewsTab
    alert_step_dialog.AlertStepDialog, decision_dialog.DecisionDialog,
    shield_step_dialog.ShieldStepDialog   each from an ActionRequest (step_dialog.StepDialog)
    access_history.AccessHistoryDialog    my_requests.MyRequestsDialog

The parts they share: words (every code in words), item_table.ItemTable (a read-only
table with a current row and no selection), worklist_tab.WorklistTab.
"""

from __future__ import annotations

from ui.workspace.access_history import AccessHistoryDialog
from ui.workspace.alert_step_dialog import AlertStepDialog
from ui.workspace.alerts_tab import AlertsTab
from ui.workspace.decision_dialog import DecisionDialog
from ui.workspace.my_requests import MyRequestsDialog
from ui.workspace.requests_tab import RequestsTab
from ui.workspace.reviews_tab import ActionsFor, ReviewsTab
from ui.workspace.shield_step_dialog import ShieldStepDialog
from ui.workspace.step_dialog import StepDialog
from ui.workspace.window import WorkspaceWindow

__all__ = [
    "AccessHistoryDialog",
    "ActionsFor",
    "AlertStepDialog",
    "AlertsTab",
    "DecisionDialog",
    "MyRequestsDialog",
    "RequestsTab",
    "ReviewsTab",
    "ShieldStepDialog",
    "StepDialog",
    "WorkspaceWindow",
]
