"""The window shown whenever no session is open or the session is locked (DESIGN.md 4, "Lock").

It stands in front of a desk that may be shared, so it shows nothing about anyone: no
user's name, no child, no count of anything. Its words come only from its own methods
(the lock reason is one of the client's fixed sentences, desktop.controller_text), and its
one button signs out.

    screen = LockScreen(training=policy.training)
    screen.show_insert_token()          # "Insert your smartcard"
    screen.show_locked(INACTIVE)        # the sign-out button appears while locked
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.static_label import StaticLabel
from ui.training_banner import TITLE_MARK, TrainingBanner

TITLE = "ContactPoint"
INSERT_CARD = "Insert your smartcard"
PIN_NEEDED = "Enter your PIN to continue"
SIGNED_OUT = "Signed out"
LOCKED_DETAIL = (
    "Nothing is shown while ContactPoint is locked. Use your card and PIN to continue, or sign out."
)
SIGNED_OUT_DETAIL = "Insert your smartcard and enter your PIN to sign in again."
_STYLE = """
QWidget#lockScreen { background: #17324D; }
QLabel { color: #FFFFFF; }
QLabel#lockDetail { color: #D6E2EE; }
"""


def _scaled(widget: QWidget, factor: float, bold: bool) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class LockScreen(QWidget):
    """A top-level window: heading, a state line, a detail line, a problem, and sign-out."""

    sign_out_requested = Signal()
    diagnostics_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, training: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        # Without this a plain QWidget ignores the style sheet's background.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setWindowTitle(TITLE + (TITLE_MARK if training else ""))
        self.setMinimumSize(640, 420)
        self._locked = False
        self._reason = ""

        outer = QVBoxLayout(self)
        # The banner runs edge to edge; the words keep a margin.
        outer.setContentsMargins(0, 0, 0, 0)
        self._banner: TrainingBanner | None = None
        if training:
            self._banner = TrainingBanner(self, large=True)
            outer.addWidget(self._banner)
        layout = QVBoxLayout()
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(10)
        outer.addLayout(layout)
        layout.addStretch(2)

        heading = StaticLabel(TITLE, self)
        heading.setObjectName("lockHeading")
        heading.setFont(_scaled(heading, 3.0, bold=True))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)

        self._state = StaticLabel("", self)
        self._state.setObjectName("lockState")
        self._state.setFont(_scaled(self._state, 1.6, bold=False))
        self._state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._state.setAccessibleName("Status")
        layout.addWidget(self._state)

        self._detail = StaticLabel("", self)
        self._detail.setObjectName("lockDetail")
        self._detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._detail)

        layout.addSpacing(12)
        row = QHBoxLayout()
        row.addStretch(1)
        self._sign_out = QPushButton("Sign o&ut", self)  # as in the main window
        self._sign_out.setObjectName("signOutButton")
        self._sign_out.setAccessibleName("Sign out")
        self._sign_out.setAccessibleDescription(
            "Ends the session: the next person signs in with their own card."
        )
        self._sign_out.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._sign_out.clicked.connect(self.sign_out_requested)
        row.addWidget(self._sign_out)
        # The support report, for a person whose card or PIN will not let them in (F1 too).
        self._diagnostics = QPushButton("&Diagnostics…", self)
        self._diagnostics.setObjectName("diagnosticsButton")
        self._diagnostics.setAccessibleName("Diagnostics")
        self._diagnostics.setAccessibleDescription(
            "The support report to give the helpdesk: this computer, its cards and the directory"
        )
        self._diagnostics.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._diagnostics.clicked.connect(self.diagnostics_requested)
        row.addWidget(self._diagnostics)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.diagnostics_requested.emit)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)

        self.show_insert_token()

    # -- what tests look at -------------------------------------------------------------

    @property
    def training(self) -> bool:
        return self._banner is not None

    @property
    def state_text(self) -> str:
        return self._state.text()

    @property
    def detail_text(self) -> str:
        return self._detail.text()

    @property
    def sign_out_button(self) -> QPushButton:
        return self._sign_out

    # -- states -------------------------------------------------------------------------

    def show_insert_token(self) -> None:
        self._locked = False
        self._reason = ""
        self._show(INSERT_CARD, "")

    def show_pin_needed(self) -> None:
        """Asking for the PIN: to sign in, or (while locked) to unlock, keeping the reason."""
        self._show(PIN_NEEDED, self._reason if self._locked else "")

    def show_locked(self, reason: str) -> None:
        """`reason` is one of the controller's fixed lock sentences (desktop.controller_text)."""
        self._locked = True
        self._reason = reason
        self._show(reason, LOCKED_DETAIL)

    def show_signed_out(self, reason: str | None = None) -> None:
        """Signed out; `reason` (a fixed sentence, e.g. the session expired) is shown under it."""
        self._locked = False
        self._reason = ""
        self._show(SIGNED_OUT, f"{reason}. {SIGNED_OUT_DETAIL}" if reason else SIGNED_OUT_DETAIL)

    def _show(self, state: str, detail: str) -> None:
        self._state.setText(state)
        self._detail.setText(detail)
        self._detail.setVisible(bool(detail))
        self._sign_out.setVisible(self._locked)
