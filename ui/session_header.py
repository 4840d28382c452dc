"""The strip at the top of the main window: who is signed in, the directory's state, and
the two ways to leave (lock, sign out), the card's PIN change, and the way to the
worklists for those who work them. It shows the practitioner, never a child."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop import DirectoryStatus, SignedInUser

_ONLINE_STYLE = "color: #1b5e20; font-weight: 600;"
_OFFLINE_STYLE = "color: #ffffff; background: #b71c1c; padding: 2px 6px; font-weight: 600;"


class SessionHeader(QWidget):
    lock_requested = Signal()
    sign_out_requested = Signal()
    settings_requested = Signal()
    workspace_requested = Signal()
    my_requests_requested = Signal()
    change_pin_requested = Signal()
    diagnostics_requested = Signal()

    def __init__(self, user: SignedInUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session_header")
        who = " · ".join(part for part in (user.name, user.organisation, user.role_label) if part)
        self._user = QLabel(f"Signed in: {who}", self)
        self._user.setObjectName("signed_in_user")
        self._user.setAccessibleName("Signed in user")
        self._user.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # An organisation's name can be long: it wraps too, so the header's buttons fit on
        # a 1024-pixel screen.
        self._user.setWordWrap(True)
        self._status = QLabel(self)
        self._status.setObjectName("directory_status")
        self._status.setAccessibleName("Directory state")
        self._status.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # The reason for an unreachable directory can be a long sentence: it wraps, rather
        # than widening the window past the screen and pushing Sign out off it.
        self._status.setWordWrap(True)
        # No Alt letter: Ctrl+L locks from anywhere in the window, and Alt+L is the
        # record's "C&lose record".
        lock = QPushButton("Lock", self)
        lock.setAccessibleName("Lock ContactPoint")
        lock.setToolTip("Lock now; your PIN opens it again (Ctrl+L)")
        lock.clicked.connect(self.lock_requested)
        settings = QPushButton("Se&ttings…", self)
        settings.setAccessibleName("Settings")
        settings.setToolTip("What this computer's policy sets, and what you may tighten")
        settings.clicked.connect(self.settings_requested)
        # The team's and shield officers' worklists; a practitioner's own requests.
        self.workspace_button = QPushButton("Wor&kspace", self)
        self.workspace_button.setObjectName("open_workspace")
        self.workspace_button.setAccessibleName("Management workspace")
        self.workspace_button.setToolTip("Alerts, contact and shield requests, reviews")
        self.workspace_button.clicked.connect(self.workspace_requested)
        self.workspace_button.setVisible(user.works_shields)
        self.my_requests_button = QPushButton("My re&quests", self)
        self.my_requests_button.setObjectName("my_requests")
        self.my_requests_button.setAccessibleName("My contact and shield requests")
        self.my_requests_button.setToolTip("What became of the requests you sent")
        self.my_requests_button.clicked.connect(self.my_requests_requested)
        self.my_requests_button.setVisible(user.records_involvements)
        # Alt+M: with J, the only letter no control of the main window takes, in any role
        # with any record (Alt+A is "Place &a shield…", Alt+H "Access &history…").
        self.change_pin_button = QPushButton("Change &my PIN…", self)
        self.change_pin_button.setObjectName("change_pin")
        self.change_pin_button.setAccessibleName("Change your card's PIN")
        self.change_pin_button.setToolTip("Choose a new PIN for your card")
        self.change_pin_button.clicked.connect(self.change_pin_requested)
        # No Alt letter is left (see above): F1, the key for help, opens it from the window.
        self.diagnostics_button = QPushButton("Diagnostics…", self)
        self.diagnostics_button.setObjectName("open_diagnostics")
        self.diagnostics_button.setAccessibleName("Diagnostics: the support report")
        self.diagnostics_button.setToolTip("The report to give the helpdesk (F1)")
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        # Alt+U: Alt+O is "&Open record", here and in the workspace.
        sign_out = QPushButton("Sign o&ut", self)
        sign_out.setObjectName("sign_out")
        sign_out.setAccessibleName("Sign out of ContactPoint")
        sign_out.clicked.connect(self.sign_out_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self._user, 1)
        row.addWidget(self._status, 1)
        row.addWidget(self.workspace_button)
        row.addWidget(self.my_requests_button)
        row.addWidget(settings)
        row.addWidget(self.change_pin_button)
        row.addWidget(self.diagnostics_button)
        row.addWidget(lock)
        row.addWidget(sign_out)
        self.set_status(DirectoryStatus(online=True))

    def set_status(self, status: DirectoryStatus) -> None:
        self._status.setText(status.label)
        self._status.setStyleSheet(_ONLINE_STYLE if status.online else _OFFLINE_STYLE)

    @property
    def status_text(self) -> str:
        return self._status.text()
