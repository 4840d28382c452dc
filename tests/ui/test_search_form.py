"""The search form from the keyboard: Enter searches, problems are shown, Escape cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.render import render
from ui.search_form import SearchFormView


def _form(qtbot: QtBot) -> SearchFormView:
    view = SearchFormView()
    qtbot.addWidget(view)
    view.show()
    return view


def _edit(view: SearchFormView, name: str) -> QLineEdit:
    edit = view.findChild(QLineEdit, name)
    assert edit is not None
    return edit


def test_enter_in_a_field_searches(qtbot: QtBot) -> None:
    view = _form(qtbot)
    qtbot.keyClicks(_edit(view, "family_name"), "Testperson")
    qtbot.keyClicks(_edit(view, "date_of_birth"), "07/03/2015")
    with qtbot.waitSignal(view.search_requested, timeout=1000) as searched:
        qtbot.keyClick(_edit(view, "date_of_birth"), Qt.Key.Key_Return)
    assert searched.args == [{"family_name": "Testperson", "date_of_birth": "2015-03-07"}, "exact"]


def test_a_problem_is_shown_and_nothing_is_sent(qtbot: QtBot) -> None:
    view = _form(qtbot)
    qtbot.keyClicks(_edit(view, "family_name"), "Testperson")
    qtbot.keyClicks(_edit(view, "date_of_birth"), "31/02/2015")
    with qtbot.assertNotEmitted(view.search_requested):
        view.submit()
    problem = view.findChild(QLabel, "form_problem")
    assert problem is not None and problem.isVisible()
    assert "day/month/year" in problem.text()
    assert _edit(view, "date_of_birth").hasFocus() or not view.isActiveWindow()


def test_escape_cancels_a_running_search_and_a_second_search_waits(qtbot: QtBot) -> None:
    view = _form(qtbot)
    qtbot.keyClicks(_edit(view, "cp_id"), "123456789012")
    view.submit()
    view.set_busy(True)
    with qtbot.assertNotEmitted(view.search_requested):
        view.submit()
    with qtbot.waitSignal(view.cancel_requested, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)


def test_clear_empties_every_field_and_its_undo(qtbot: QtBot) -> None:
    view = _form(qtbot)
    edit = _edit(view, "family_name")
    qtbot.keyClicks(edit, "Testperson")
    view.clear()
    assert all(e.text() == "" for e in view.findChildren(QLineEdit))
    edit.undo()
    assert edit.text() == ""


def test_every_control_has_an_accessible_name_and_is_reachable_by_tab(qtbot: QtBot) -> None:
    view = _form(qtbot)
    controls = [w for w in view.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert controls
    assert all(w.accessibleName() for w in controls if w.isVisibleTo(view))


def test_render_search_form(qtbot: QtBot) -> None:
    view = _form(qtbot)
    view.resize(460, 380)
    qtbot.keyClicks(_edit(view, "family_name"), "Testperson")
    assert render(view, "search_form").stat().st_size > 0
