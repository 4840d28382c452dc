"""The management team's and shield officers' workspace (DESIGN.md 3.6.1; issue 11): the
worklist window and its tabs, the dialogs its actions open, a child's access history, and
a practitioner's own requests. Widgets only: they show desktop.management's values and
send signals; the headless flows in desktop.management decide.

    WorkspaceWindow(user, training)        ui.workspace.window
    AlertsTab, RequestsTab(kind), ReviewsTab
    AlertStepDialog, DecisionDialog, ShieldStepDialog (each from an ActionRequest)
    AccessHistoryDialog, MyRequestsDialog
"""
