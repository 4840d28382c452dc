"""The results view on the directory's real answers: rows, notices, keyboard and no copying."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.render import render
from tests.ui.samples import cp_id_of, criteria_problem, search_outcome, too_many_outcome
from tests.ui.texts import joined
from ui.readonly import interaction_leaks
from ui.results_view import COLUMNS, SEARCHING, ResultsView


def _view(qtbot: QtBot) -> ResultsView:
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(900, 360)
    return view


def _cells(view: ResultsView) -> list[list[str]]:
    model = view.table.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_rows_show_what_the_directory_sent_and_shielded_in_words(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    assert COLUMNS == ("Name", "Date of birth", "Gender", "Town", "Postcode", "Match", "Shield")
    assert _cells(view) == [
        ["TESTERSON, Alpha", "7 Mar 2015", "Female", "Zztown", "LS6 2AB", "100%", ""],
        ["TESTERSON, Beta", "3 Jul 2015", "Female", "—", "—", "92%", "SHIELDED"],
        ["TESTERSEN, Delta", "9 Mar 2015", "Not specified", "Zztown", "LS6 2AB", "83%", ""],
    ]
    assert view.status.text() == "3 matches"
    assert not view.notice.isVisibleTo(view) and view.table.isVisibleTo(view)
    shield = view.table.model().index(1, COLUMNS.index("Shield"))
    assert shield.data(Qt.ItemDataRole.AccessibleTextRole) == "Shielded record"


def test_too_many_shows_the_directorys_message_and_no_rows(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.show_outcome(too_many_outcome())
    assert view.table.model().rowCount() == 0 and view.rows == ()
    assert view.notice.isVisibleTo(view) and not view.table.isVisibleTo(view)
    assert view.notice_text.text() == (
        "Too many matches: add a criterion, such as a given name or a date of birth."
    )
    assert not view.open_button.isEnabled()


def test_a_problem_is_a_notice_in_place_of_rows(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.show_problem(criteria_problem())
    assert view.notice_text.text() == criteria_problem()
    assert criteria_problem().startswith("Enter a ContactPoint ID")
    assert view.table.model().rowCount() == 0
    assert "TESTERSON" not in joined(view)


def test_no_matches_says_so(qtbot: QtBot) -> None:
    view = _view(qtbot)
    outcome = search_outcome()
    view.show_outcome(type(outcome)(rows=(), too_many=False))
    assert view.status.text().startswith("No child matches")
    assert not view.open_button.isEnabled()


def _focus_table(qtbot: QtBot, view: ResultsView) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.setFocus()  # the view hands focus to its table
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table, timeout=1000)


def test_arrows_move_the_current_row_and_enter_opens_it(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    _focus_table(qtbot, view)
    assert view.current_row() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_row() == 1
    with qtbot.waitSignal(view.open_requested, timeout=1000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [cp_id_of("beta")]
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # stays on the last row
    assert view.current_row() == 2
    with qtbot.waitSignal(view.open_requested, timeout=1000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert opened.args == [cp_id_of("delta")]
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    with qtbot.waitSignal(view.open_requested, timeout=1000) as opened:
        view.open_button.click()
    assert opened.args == [cp_id_of("alpha")]


def test_double_click_opens_that_row(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.show()
    qtbot.waitExposed(view)
    rect = view.table.visualRect(view.table.model().index(2, 0))
    viewport = view.table.viewport()
    with qtbot.waitSignal(view.open_requested, timeout=1000) as opened:
        # QTest sends the double click alone; a real one follows a press on the same row.
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cp_id_of("delta")]


def _style(view: ResultsView, row: int, column: int) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view.table)
    view.table.itemDelegate().initStyleOption(option, view.table.model().index(row, column))
    return option


def test_the_current_row_is_visibly_marked_without_selection(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.table.setCurrentIndex(view.table.model().index(1, 0))
    highlight = view.table.palette().brush(QPalette.ColorRole.Highlight)
    for column in range(len(COLUMNS)):
        current = _style(view, 1, column)
        assert QFont(current.font).bold()
        assert current.backgroundBrush == highlight
    other = _style(view, 0, 0)
    assert not QFont(other.font).bold() and other.backgroundBrush != highlight
    assert view.table.selectionModel().selectedIndexes() == []


def test_nothing_can_be_selected_copied_dragged_or_edited(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    assert interaction_leaks(view) == []
    model = view.table.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            assert model.flags(model.index(row, column)) == Qt.ItemFlag.ItemIsEnabled
    _focus_table(qtbot, view)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "before"
    assert view.table.selectionModel().selectedIndexes() == []


def test_busy_disables_opening_and_says_searching(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.show_busy(True)
    assert view.status.text() == SEARCHING
    assert not view.table.isEnabled() and not view.open_button.isEnabled()
    with qtbot.assertNotEmitted(view.open_requested):
        view.open_button.click()
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    view.show_busy(False)
    assert view.status.text() == "3 matches" and view.open_button.isEnabled()
    view.show_busy(True)
    view.show_outcome(search_outcome())  # the answer ends the wait
    assert view.table.isEnabled() and view.open_button.isEnabled()
    view.show_busy(True)
    view.show_problem(criteria_problem())
    assert view.status.text() != SEARCHING and view.table.isEnabled()


def test_clear_removes_every_row_and_notice(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.clear()
    text = joined(view)
    for name in ("TESTERSON", "TESTERSEN", "LS6 2AB", "Zztown", "SHIELDED", "7 Mar 2015"):
        assert name not in text
    view.show_problem(criteria_problem())
    view.clear()
    assert criteria_problem() not in joined(view)


def test_tab_goes_from_the_rows_to_open_record_and_everything_is_named(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    _focus_table(qtbot, view)
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.open_button
    focusable = [
        widget
        for widget in view.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(view)
    ]
    assert set(focusable) >= {view.table, view.open_button}
    for widget in [view, *focusable, view.status, view.notice]:
        assert widget.accessibleName(), type(widget).__name__


def test_render(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_outcome(search_outcome())
    view.table.setCurrentIndex(view.table.model().index(1, 0))
    assert render(view, "results").stat().st_size > 0
    too_many = _view(qtbot)
    too_many.show_outcome(too_many_outcome())
    assert render(too_many, "results_too_many").stat().st_size > 0
