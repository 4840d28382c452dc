"""The main window: the session header, the search form and its results, and one record.

It lays out the views and passes their requests on as signals; the application (ui.app)
decides what happens. One record is open at a time, so an overridden view ends as soon
as another record is opened or the record is closed, and opening it again asks again.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop import DirectoryStatus, RecordModel, SearchOutcome, SignedInUser
from ui.record_view import RecordView
from ui.results_view import ResultsView
from ui.search_form import SearchFormView
from ui.session_header import SessionHeader
from ui.training_banner import TrainingBanner

TITLE = "ContactPoint"


class MainWindow(QMainWindow):
    # Passed on from the views; cp_ids only, never names.
    search_requested = Signal(object, str)
    cancel_requested = Signal()
    open_requested = Signal(str)
    involvement_requested = Signal(str)
    cease_requested = Signal(str, str)
    shield_requested = Signal(str)
    contact_requested = Signal(str)
    override_requested = Signal(str)
    shield_step_requested = Signal(str, object, bool, object)  # cp_id, event, review, phase
    history_requested = Signal(str)
    workspace_requested = Signal()
    my_requests_requested = Signal()
    lock_requested = Signal()
    sign_out_requested = Signal()
    settings_requested = Signal()
    change_pin_requested = Signal()
    diagnostics_requested = Signal()

    def __init__(
        self,
        user: SignedInUser,
        training: bool,
        parent: QWidget | None = None,
        *,
        open_single_match: bool = False,
    ) -> None:
        """`open_single_match`: the machine policy's; a search with exactly one match then
        opens it at once (an audited view, so the organisation's choice)."""
        super().__init__(parent)
        # The title is all a taskbar, a window list or a screen-sharing picker shows: it
        # names the product, never a child or the practitioner.
        self.setWindowTitle(f"{TITLE} — TRAINING" if training else TITLE)
        self.setObjectName("main_window")
        self.user = user
        self._disposing = False
        self._open_single_match = open_single_match

        self.header = SessionHeader(user, self)
        self.header.lock_requested.connect(self.lock_requested)
        self.header.sign_out_requested.connect(self.sign_out_requested)
        self.header.settings_requested.connect(self.settings_requested)
        self.header.workspace_requested.connect(self.workspace_requested)
        self.header.my_requests_requested.connect(self.my_requests_requested)
        self.header.change_pin_requested.connect(self.change_pin_requested)
        self.header.diagnostics_requested.connect(self.diagnostics_requested)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.diagnostics_requested.emit)

        self.search_form = SearchFormView(self)
        self.search_form.search_requested.connect(self.search_requested)
        self.search_form.cancel_requested.connect(self.cancel_requested)
        self.results = ResultsView(self)
        self.results.open_requested.connect(self.open_requested)

        self.record = RecordView(user, parent=self)
        self.record.closed.connect(self.close_record)
        self.record.involvement_requested.connect(self.involvement_requested)
        self.record.cease_requested.connect(self.cease_requested)
        self.record.shield_requested.connect(self.shield_requested)
        self.record.contact_requested.connect(self.contact_requested)
        self.record.override_requested.connect(self.override_requested)
        self.record.shield_step_requested.connect(self.shield_step_requested)
        self.record.history_requested.connect(self.history_requested)
        self._placeholder = QLabel("Search for a child, then open a record from the results.")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setAccessibleName("No record open")
        self._record_area = QStackedWidget(self)
        self._record_area.addWidget(self._placeholder)
        self._record_area.addWidget(self.record)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_form)
        left_layout.addWidget(self.results, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self._record_area)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if training:
            layout.addWidget(TrainingBanner(central))
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)

        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.activated.connect(self.lock_requested)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.activated.connect(self.focus_search)
        # Escape anywhere in the record goes back to the results; only there, so that the
        # search form keeps Escape for cancelling a search.
        back = QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.record,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        back.activated.connect(self._back_to_results)

    # --- what the application tells the window ------------------------------------------

    def set_directory_status(self, status: DirectoryStatus) -> None:
        self.header.set_status(status)

    def set_searching(self, busy: bool) -> None:
        self.search_form.set_busy(busy)
        self.results.show_busy(busy)

    def show_outcome(self, outcome: SearchOutcome) -> None:
        self.set_searching(False)
        self.results.show_outcome(outcome)
        rows = () if outcome.too_many else outcome.rows
        if len(rows) == 1 and self._open_single_match:
            self.open_requested.emit(rows[0].cp_id)
        elif rows:
            self.results.setFocus()  # on the first match: Enter opens it

    def show_search_problem(self, text: str) -> None:
        self.set_searching(False)
        self.results.show_problem(text)

    def show_record(
        self,
        record: RecordModel,
        alert_reference: str | None = None,
        *,
        cached_at: dt.datetime | None = None,
    ) -> None:
        self.record.show_record(record, alert_reference, cached_at=cached_at)
        self._record_area.setCurrentWidget(self.record)
        self.record.setFocus()

    def close_record(self) -> None:
        """Closing ends the view; an overridden record needs a new override to open again."""
        self.record.clear()
        self._record_area.setCurrentWidget(self._placeholder)
        self.results.setFocus()

    @property
    def open_cp_id(self) -> str | None:
        return self.record.cp_id

    def clear_everything(self) -> None:
        """Forget every child on screen: record, results and what was typed to find them."""
        self.close_record()
        self.results.clear()
        self.search_form.clear()

    def focus_search(self) -> None:
        self.search_form.focus_first()

    def _back_to_results(self) -> None:
        if self.record.cp_id is not None:
            self.close_record()  # the results' current row is still the one it came from

    def dispose(self) -> None:
        """The session is over: forget everything and go, without asking to sign out."""
        self._disposing = True
        self.clear_everything()
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The user closing the window is signing out: a hidden window holding records is
        # what the lock exists to prevent.
        self.clear_everything()
        if not self._disposing:
            self.sign_out_requested.emit()
        event.accept()
