"""The search form: every criterion of DESIGN.md 3.4, exact or fuzzy, keyboard first.

Enter anywhere searches; Escape while a search runs cancels it. What to add when the
criteria are not enough is the directory's sentence, shown by the results view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import GENDERS, FormProblem, SearchForm
from ui.action_dialog import chain_tab_order

_FIELDS = (
    ("family_name", "&Family name", "e.g. Smith"),
    ("given_name", "&Given name", "e.g. Amelia"),
    ("date_of_birth", "Date of &birth", "dd/mm/yyyy"),
    ("year_of_birth", "&Year of birth", "yyyy, if the date is not known"),
    ("postcode", "&Postcode", "whole, or the district, e.g. LS6"),
    ("cp_id", "ContactPoint I&D", "12 digits"),
)
_GENDER_ROW = 4  # drawn after the year of birth, before the postcode


class SearchFormView(QWidget):
    search_requested = Signal(object, str)  # criteria dict, mode
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Search for a child")
        self._edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label, hint in _FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setPlaceholderText(hint)
            edit.setMaxLength(100)
            edit.setAccessibleName(label.replace("&", ""))
            edit.returnPressed.connect(self.submit)
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self._edits[name] = edit
        self._gender = QComboBox(self)
        self._gender.setAccessibleName("Gender")
        self._gender.setAccessibleDescription("The child's recorded gender; Any finds all.")
        for key in GENDERS:
            self._gender.addItem(key.capitalize() if key else "Any", key)
        gender_label = QLabel("G&ender", self)
        gender_label.setBuddy(self._gender)
        form.insertRow(_GENDER_ROW, gender_label, self._gender)

        self._exact = QRadioButton("E&xact", self)
        self._fuzzy = QRadioButton("Fu&zzy (sounds like, nearby dates)", self)
        self._exact.setAccessibleName("Exact matching")
        self._fuzzy.setAccessibleName("Fuzzy matching")
        self._exact.setAccessibleDescription("Find children whose details match exactly.")
        self._fuzzy.setAccessibleDescription(
            "Also find names that sound alike and dates of birth close to the one given."
        )
        self._exact.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self._exact)
        modes.addButton(self._fuzzy)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self._exact)
        mode_row.addWidget(self._fuzzy)
        mode_row.addStretch(1)
        form.addRow("Matching", mode_row)

        self._problem = QLabel(self)
        self._problem.setObjectName("form_problem")
        self._problem.setWordWrap(True)
        self._problem.setStyleSheet("color: #a00000; font-weight: 600;")
        self._problem.setAccessibleName("Search form problem")
        self._problem.hide()

        # No Alt letter: Enter in any field searches, and Alt+S is the record's
        # "Ask for a &shield…", which has no other key.
        self._search = QPushButton("Search", self)
        self._search.setAccessibleName("Search")
        self._search.setToolTip("Search (Enter in any field)")
        self._search.setDefault(True)
        self._search.clicked.connect(self.submit)
        self._clear = QPushButton("Clea&r", self)
        self._clear.setAccessibleName("Clear the search form")
        self._clear.setAccessibleDescription("Empties every field of the search form.")
        self._clear.clicked.connect(self.clear)
        self._cancel = QPushButton("Cancel search", self)
        self._cancel.setAccessibleName("Cancel the search")
        self._cancel.setAccessibleDescription("Stops the search that is running.")
        self._cancel.clicked.connect(self.cancel_requested)
        self._cancel.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self._search)
        buttons.addWidget(self._cancel)
        buttons.addWidget(self._clear)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._problem)
        layout.addLayout(buttons)
        layout.addStretch(1)
        # Tab in reading order (issue 12): Gender is drawn among the fields, not after them.
        edits = list(self._edits.values())
        chain_tab_order(
            [
                *edits[:_GENDER_ROW],
                self._gender,
                *edits[_GENDER_ROW:],
                self._exact,
                self._fuzzy,
                self._search,
                self._cancel,
                self._clear,
            ]
        )

    def form(self) -> SearchForm:
        return SearchForm(
            **{name: edit.text() for name, edit in self._edits.items()},
            gender=str(self._gender.currentData()),
            mode="fuzzy" if self._fuzzy.isChecked() else "exact",
        )

    def submit(self) -> None:
        if self._cancel.isVisible():
            return  # one search at a time: the running one answers first or is cancelled
        form = self.form()
        try:
            criteria = form.criteria()
        except FormProblem as problem:
            self._show_problem(str(problem))
            self._edits.get(problem.field_name, self._edits["family_name"]).setFocus()
            return
        self._problem.hide()
        self.search_requested.emit(criteria, form.mode)

    def focus_first(self) -> None:
        """Ctrl+F: the first field, its text selected so that typing replaces it."""
        first = self._edits["family_name"]
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)
        first.selectAll()

    def set_busy(self, busy: bool) -> None:
        self._search.setEnabled(not busy)
        self._cancel.setVisible(busy)

    def clear(self) -> None:
        """Empty every field: what was typed about a child goes with the record views."""
        for edit in self._edits.values():
            edit.setText("")  # unlike clear(), setText also drops the undo history
        self._gender.setCurrentIndex(0)
        self._exact.setChecked(True)
        self._problem.hide()
        self.set_busy(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape reaches here from any field (line edits ignore it), not only the button.
        if event.key() == Qt.Key.Key_Escape and self._cancel.isVisible():
            self.cancel_requested.emit()
            return
        # Enter in the fields that do not take it themselves (gender, the matching
        # choice) searches too; a push button's Enter is that button's.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            self.submit()
            return
        super().keyPressEvent(event)

    def _show_problem(self, text: str) -> None:
        self._problem.setText(text)
        self._problem.show()
