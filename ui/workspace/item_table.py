"""One read-only worklist table: rows of plain words, a current row, nothing to select or copy.

As the search results do (ui.results_view), the table has no selection (a selection is
what copy and drag work on): arrow keys move the current row, which is drawn highlighted
and bold so that it is visible without one, and Enter or Return asks for it to be opened.
Each row carries its item's id, so that a new page (every poll brings one) keeps the
person on the item they were on rather than on whatever now sits in the same place.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MARK = QBrush(QColor("#8b1a1a"))


class _CurrentRowDelegate(QStyledItemDelegate):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.row() != self._view.currentIndex().row():
            return
        palette = option.palette
        option.backgroundBrush = palette.brush(QPalette.ColorRole.Highlight)
        palette.setBrush(QPalette.ColorRole.Text, palette.brush(QPalette.ColorRole.HighlightedText))
        option.palette = palette  # the getter returns a copy
        option.font = _bold(option.font)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # Measured as the current row is drawn (bold), so that moving onto a row never
        # elides what fitted a moment before.
        measured = QStyleOptionViewItem(option)
        measured.font = _bold(option.font)
        return super().sizeHint(measured, index)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


class ItemTable(QTableView):
    """`set_rows(ids, rows)`; `current_id()`; `current_changed(object)`, `open_current()`."""

    current_changed = Signal(object)  # the current row's id, or None
    open_current = Signal()

    def __init__(
        self, columns: Sequence[str], name: str, parent: QWidget | None = None, *, stretch: int = -1
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._ids: list[str] = []
        self._model = QStandardItemModel(0, len(columns), self)
        self._model.setHorizontalHeaderLabels(list(columns))
        self.setModel(self._model)
        self.setItemDelegate(_CurrentRowDelegate(self))
        self.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionsClickable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)
        self.doubleClicked.connect(lambda _index: self.open_current.emit())

    def set_rows(
        self,
        ids: Sequence[str],
        rows: Sequence[Sequence[str]],
        spoken: dict[tuple[int, int], str] | None = None,
        marked: set[tuple[int, int]] | None = None,
    ) -> None:
        """Replace the rows, staying on the same id if it is still there (else the first).

        `spoken` gives a cell the words a screen reader says instead of its text; `marked`
        cells are drawn dark red (their words must say it too: colour only helps).
        """
        kept = self.current_id()
        self._ids = list(ids)
        self._model.removeRows(0, self._model.rowCount())
        for r, cells in enumerate(rows):
            items = []
            for c, text in enumerate(cells):
                item = QStandardItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable, editable, draggable
                if spoken and (r, c) in spoken:
                    item.setData(spoken[(r, c)], Qt.ItemDataRole.AccessibleTextRole)
                if marked and (r, c) in marked:
                    item.setForeground(_MARK)
                items.append(item)
            self._model.appendRow(items)
        # Qt sizes the ResizeToContents columns from their headers until told to look again.
        self.horizontalHeader().resizeSections()
        row = self._ids.index(kept) if kept in self._ids else 0
        if self._ids:
            self.setCurrentIndex(self._model.index(row, 0))
        self.current_changed.emit(self.current_id())

    def current_id(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        return self._ids[index.row()]

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
        if current.row() != previous.row():
            self.current_changed.emit(self.current_id())
