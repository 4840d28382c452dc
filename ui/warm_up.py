"""Qt's first-use costs, paid while the lock screen waits for a card instead of at sign-in.

The first main window a process builds costs three to four times what later ones do
(style sheets parsed, fonts and metrics cached, layouts' first pass), and all of it ran on
the GUI thread in the turn that signs the person in (benchmarks/stalls.py). Building one
for nobody, never shown, as soon as the lock screen is up moves that cost to a moment when
no one is waiting on the client. It holds no one's data and is deleted at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop import SignedInUser
from ui.main_window import MainWindow

NOBODY = SignedInUser(name="", organisation=None, roles=("practitioner",), local_authority=None)


def warm_up_main_window(training: bool) -> None:
    window = MainWindow(NOBODY, training)
    for widget in (window, *window.findChildren(QWidget)):
        widget.ensurePolished()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    window.deleteLater()
