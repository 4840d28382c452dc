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
    QLineEdit,
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


LOOKUP_HINT = (
    "Paste the reference the user reads out from their error message to see how the "
    "directory answered it."
)


class DiagnosticsWindow(QDialog):
    refresh_requested = Signal()
    lookup_requested = Signal(str)  # a correlation id, for the helpdesk's lookup

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
        self.status.setAccessibleDescription("Whether the report is ready")
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
        self.refresh_button.setAccessibleDescription("Read the cards and ask the directory again")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.copy_button = QPushButton("Cop&y report", self)
        self.copy_button.setObjectName("copy_report")
        self.copy_button.setAccessibleName("Copy the report to the clipboard")
        self.copy_button.setAccessibleDescription(
            "For a helpdesk ticket: the only thing ContactPoint lets you copy"
        )
        self.copy_button.clicked.connect(self.copy)
        close = QPushButton("Close", self)
        close.setAccessibleName("Close diagnostics")
        close.setAccessibleDescription("Close this window; the report is not kept")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.lookup = self._lookup_panel()
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Diagnostics", self))
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.lookup)
        self.lookup.setVisible(False)
        self.show_making()

    def _lookup_panel(self) -> QWidget:
        """The helpdesk's lookup of a correlation id: shown only to a helpdesk user."""
        panel = QWidget(self)
        panel.setObjectName("support_lookup")
        hint = QLabel(LOOKUP_HINT, panel)
        hint.setWordWrap(True)
        hint.setAccessibleName("How to look up a request")
        hint.setAccessibleDescription(LOOKUP_HINT)
        label = QLabel("Re&ference:", panel)
        self.lookup_field = QLineEdit(panel)
        self.lookup_field.setObjectName("correlation_id")
        self.lookup_field.setAccessibleName("Reference (correlation id)")
        self.lookup_field.setAccessibleDescription("From the user's error message")
        self.lookup_field.setMaxLength(64)
        label.setBuddy(self.lookup_field)
        self.lookup_button = QPushButton("&Look up", panel)
        self.lookup_button.setAccessibleName("Look up the reference")
        self.lookup_button.setAccessibleDescription("Ask the directory how it answered")
        self.lookup_button.clicked.connect(self._look_up)
        self.lookup_field.returnPressed.connect(self._look_up)
        self.answer = QPlainTextEdit(panel)
        self.answer.setObjectName("lookup_answer")
        self.answer.setReadOnly(True)
        self.answer.setFont(self.report.font())
        self.answer.setAccessibleName("The directory's answer")
        self.answer.setAccessibleDescription("How the directory answered that request")
        self.answer.setMaximumHeight(160)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.lookup_field, 1)
        row.addWidget(self.lookup_button)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(hint)
        column.addLayout(row)
        column.addWidget(self.answer)
        return panel

    def enable_lookup(self) -> None:
        self.lookup.setVisible(True)

    def _look_up(self) -> None:
        wanted = self.lookup_field.text().strip()
        if wanted:
            self.answer.setPlainText("Asking the directory…")
            self.lookup_requested.emit(wanted)

    def show_lookup(self, text: str) -> None:
        self.answer.setPlainText(text)

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
