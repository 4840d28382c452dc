"""The management team's and shield officers' workspace.

items.py           the worklists' values (sync's, under the front door)
drafts.py          what the dialogs produce, checked as the directory checks
action_request.py  what the action flow asks a dialog for
lists.py           the worklists by key (WORKLISTS) and which a role works
front.py           WorklistFront: the directory calls (controller.worklists)
poll/              the poll of the worklists, a pure machine
action/            one action at a time, a pure machine
flow.py            WorkspaceFlow: the Qt driver of both machines
history_flow.py    HistoryFlow: a child's access history, a practitioner's own requests
wording.py         the sentence said when an action is done
"""
