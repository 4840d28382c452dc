"""Qt widgets and dialogs of the desktop client; sees only desktop/ (issue 4)."""
