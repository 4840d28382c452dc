"""The management team's and shield officers' workspace: its items, the drafts its dialogs
produce, and (desktop.management.flow) the headless flows that poll the worklists and carry
one action at a time."""
