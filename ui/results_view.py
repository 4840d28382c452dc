"""Search results: one row per match, keyboard first, nothing to select or copy.

Rows show what the directory sent for each match (a shielded match comes without town or
postcode) and say SHIELDED in words. Arrow keys move the current row, which is drawn
highlighted and in bold so that it is visible without selection (the view has none: a
selection is what copy and drag work on). Enter, Return, a double click or "Open record"
asks for the current row's record. "Too many matches" and "add a criterion" are the
directory's own sentences, shown as a notice in place of rows rather than as an error.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import ResultRow, SearchOutcome, wording
from ui.readonly import lock_down
from ui.record_text import plain, scaled

COLUMNS = ("Name", "Date of birth", "Gender", "Town", "Postcode", "Match", "Shield")
SHIELDED = "SHIELDED"
ABSENT = "—"
SEARCHING = "Searching…"
NO_MATCHES = "No child matches these details. Check them, or try fuzzy matching."
TOO_MANY = "Too many matches to list"
NOT_RUN = "The search did not run"
_NOTICE_STYLE = (
    "QFrame#results_notice { background: #fff8e1; border: 1px solid #b28704; border-radius: 4px; }"
)
_SHIELD_COLUMN = COLUMNS.index("Shield")
_NAME_COLUMN = COLUMNS.index("Name")
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _born(iso: str) -> str:
    try:
        return wording.date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso  # shown as the directory sent it rather than hidden


def _cells(row: ResultRow) -> list[str]:
    return [
        row.display_name,
        _born(row.date_of_birth),
        wording.gender(row.gender),
        row.town or ABSENT,
        row.postcode or ABSENT,
        row.score_label,
        SHIELDED if row.shielded else "",
    ]


class _CurrentRowDelegate(QStyledItemDelegate):
    """Draws the whole current row highlighted and bold: the view has no selection to show."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        bold = index.column() == _SHIELD_COLUMN
        if index.row() == self._view.currentIndex().row():
            palette = option.palette
            option.backgroundBrush = palette.brush(QPalette.ColorRole.Highlight)
            palette.setBrush(
                QPalette.ColorRole.Text, palette.brush(QPalette.ColorRole.HighlightedText)
            )
            option.palette = palette  # the getter returns a copy
            bold = True
        if bold:
            font = QFont(option.font)
            font.setBold(True)
            option.font = font


class _ResultsTable(QTableView):
    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Handled here rather than through `activated`, which some platforms emit on a
        # single click and macOS does not emit for Return.
        if event.key() in _ENTER_KEYS and self.currentIndex().isValid():
            event.accept()
            self.open_current.emit()
            return
        super().keyPressEvent(event)

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        self.viewport().update()  # the whole old and new rows change, not just two cells


class ResultsView(QWidget):
    open_requested = Signal(str)  # cp_id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results_view")
        self.setAccessibleName("Search results")
        self._rows: tuple[ResultRow, ...] = ()
        self._settled_status = ""

        self.status = scaled(plain("", self, name="results_status"), 1.05, bold=True)
        self.status.setAccessibleName("Search status")
        self.notice = QFrame(self)
        self.notice.setObjectName("results_notice")
        self.notice.setStyleSheet(_NOTICE_STYLE)
        self.notice.setAccessibleName("Search notice")
        self.notice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.notice_text = scaled(plain("", self.notice, name="notice_text"), 1.05)
        QVBoxLayout(self.notice).addWidget(self.notice_text)

        self._model = QStandardItemModel(0, len(COLUMNS), self)
        self._model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = _ResultsTable(self)
        self.table.setObjectName("results_table")
        self.table.setAccessibleName("Matching children")
        self.table.setAccessibleDescription(
            "Up and down arrows choose a child; Enter opens the record"
        )
        self.table.setModel(self._model)
        self.table.setItemDelegate(_CurrentRowDelegate(self.table))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for "Open record"
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsClickable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.open_current.connect(self._open_current)
        self.table.doubleClicked.connect(self._open_row)

        self.open_button = QPushButton("&Open record", self)
        self.open_button.setObjectName("open_record")
        self.open_button.setAccessibleName("Open record")
        self.open_button.setAccessibleDescription(
            "Opens the record of the child selected in the results (Enter does the same)."
        )
        self.open_button.clicked.connect(self._open_current)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # takes the room while the table is hidden
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)
        QWidget.setTabOrder(self.table, self.open_button)
        lock_down(self)
        self.clear()

    @property
    def rows(self) -> tuple[ResultRow, ...]:
        return self._rows

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def show_outcome(self, outcome: SearchOutcome) -> None:
        """The directory's answer; it also ends the busy state (the answer has come)."""
        if outcome.too_many:
            message = outcome.message or "Too many matches: add a criterion."
            self._show_notice(TOO_MANY, message)
            return
        self._set_rows(outcome.rows)
        count = len(outcome.rows)
        if count == 0:
            self._settle(NO_MATCHES)
        else:
            self._settle(f"{count} {'match' if count == 1 else 'matches'}")
            self.table.setCurrentIndex(self._model.index(0, _NAME_COLUMN))
        if outcome.offline and outcome.message:
            # Rows from the cache: say so above them, every time.
            self.notice_text.setText(outcome.message)
            self.notice.show()
        else:
            self.notice.hide()
        self.table.setVisible(count > 0)
        self.show_busy(False)

    def show_problem(self, text: str) -> None:
        """A sentence about the search itself (e.g. what criterion to add), not an error."""
        self._show_notice(NOT_RUN, text)

    def show_busy(self, busy: bool) -> None:
        """While a search runs the rows stay on show but cannot be opened."""
        self.status.setText(SEARCHING if busy else self._settled_status)
        self.table.setEnabled(not busy)
        self.open_button.setEnabled(not busy and self.current_row() is not None)

    def clear(self) -> None:
        self._set_rows(())
        self.notice_text.clear()
        self.notice.hide()
        self.table.hide()
        self._settle("")
        self.show_busy(False)

    def _show_notice(self, status: str, text: str) -> None:
        self._set_rows(())
        self.table.hide()
        self.notice_text.setText(text)
        self.notice.show()
        self._settle(status)
        self.show_busy(False)

    def _settle(self, status: str) -> None:
        self._settled_status = status
        self.status.setText(status)

    def _set_rows(self, rows: tuple[ResultRow, ...]) -> None:
        self._rows = rows
        self._model.removeRows(0, self._model.rowCount())
        for row in rows:
            items = []
            for column, text in enumerate(_cells(row)):
                item = QStandardItem(text)
                # Enabled only: not selectable, editable or draggable.
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column == _SHIELD_COLUMN and row.shielded:
                    item.setData("Shielded record", Qt.ItemDataRole.AccessibleTextRole)
                    item.setForeground(Qt.GlobalColor.darkRed)
                items.append(item)
            self._model.appendRow(items)

    def _open_current(self) -> None:
        row = self.current_row()
        if row is not None and self.table.isEnabled():
            self.open_requested.emit(self._rows[row].cp_id)

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid() and self.table.isEnabled():
            self.open_requested.emit(self._rows[index.row()].cp_id)
