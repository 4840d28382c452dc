"""The Diagnostics window: the support report in the client, opened from the lock screen or
the main window, with "Copy report", the one copy the client allows (issue 13).

    window = DiagnosticsWindow(parent=None)
    window.refresh_requested.connect(make_report)   # ClientApp asks the controller
    window.show_making(); window.show_report(report.text()); window.show_problem(text)

The report holds no personal data (desktop.diagnostics), which is why it may be copied and
why the window may stay open over the lock screen: there is nothing in it to hide.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.action_dialog import heading_label
from ui.no_export import copy_support_report

MAKING = "Making the report: reading the cards and asking the directory…"
READY = "Nothing in this report identifies a child. Copy it into your helpdesk ticket."
COPIED = "The report is on the clipboard: paste it into your helpdesk ticket."


class DiagnosticsWindow(QDialog):
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diagnostics_window")
        self.setWindowTitle("ContactPoint — diagnostics")
        self.setModal(False)
        self.resize(760, 620)
        self._text = ""
        self.status = QLabel(MAKING, self)
        self.status.setObjectName("diagnostics_status")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("report")
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setAccessibleName("Support report")
        self.report.setAccessibleDescription(
            "What a helpdesk needs to know about this computer, its cards and the directory"
        )
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setAccessibleName("Make the report again")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.copy_button = QPushButton("Cop&y report", self)
        self.copy_button.setObjectName("copy_report")
        self.copy_button.setAccessibleName("Copy the report to the clipboard")
        self.copy_button.clicked.connect(self.copy)
        close = QPushButton("Close", self)
        close.setAccessibleName("Close diagnostics")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Diagnostics", self))
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.show_making()

    @property
    def report_text(self) -> str:
        return self._text

    def show_making(self) -> None:
        self.status.setText(MAKING)
        self.refresh_button.setEnabled(False)
        self.copy_button.setEnabled(False)

    def show_report(self, text: str) -> None:
        self._text = text
        self.report.setPlainText(text)
        self.status.setText(READY)
        self.refresh_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        self.copy_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_problem(self, text: str) -> None:
        self.status.setText(f"The report could not be made: {text}")
        self.refresh_button.setEnabled(True)

    def copy(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._text:
            copy_support_report(app, self._text)
            self.status.setText(COPIED)
