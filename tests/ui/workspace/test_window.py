"""The workspace window: one tab per worklist, counts in titles and accessible names, the
keys (Ctrl+1..4, F5, Tab), the watermark, and nothing left after clear()."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.keyboard import tab_stops
from tests.ui.mnemonics import mnemonic_clashes
from tests.ui.render import render
from tests.ui.texts import joined
from tests.ui.workspace import samples
from ui.workspace import words
from ui.workspace.window import TITLE, WorkspaceWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def filled(window: WorkspaceWindow) -> None:
    window.alerts.show(samples.alerts())
    window.contact.show(samples.requests("contact"))
    window.shield.show(samples.requests("shield"))
    window.reviews.show(samples.reviews(), samples.actions_for)
    window.set_counts({"alerts": 3, "contact": 1, "shield": 1, "reviews": 3})


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[WorkspaceWindow]:
    made = WorkspaceWindow(samples.MANAGER, training=False, clock=lambda: samples.NOW)
    qtbot.addWidget(made)
    with qtbot.waitActive(made):  # window shortcuts fire only in the active window
        made.show()
        made.activateWindow()
    yield made
    made.dispose()


def test_the_title_names_the_product_only(window: WorkspaceWindow) -> None:
    filled(window)
    assert window.windowTitle() == TITLE == "ContactPoint — Management workspace"
    training = WorkspaceWindow(samples.MANAGER, training=True)
    assert training.windowTitle() == f"{TITLE} — TRAINING"
    training.deleteLater()


def test_one_tab_per_worklist_and_only_those_asked_for(window: WorkspaceWindow) -> None:
    assert window.lists() == ("alerts", "contact", "shield", "reviews")
    window.set_lists(("shield", "reviews"))  # a shield officer's lists
    assert window.lists() == ("shield", "reviews")
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Shield requests",
        "Reviews",
    ]
    assert not window.alerts.isVisible()


def test_counts_are_in_the_tab_titles_and_accessible_names(window: WorkspaceWindow) -> None:
    window.set_counts({"alerts": 3, "contact": 0, "shield": 12, "reviews": 1})
    assert window.tab_title("alerts") == "Alerts (3)"
    assert window.tab_title("contact") == "Contact requests (0)"
    assert window.tab_title("shield") == "Shield requests (12)"
    assert window.tab_accessible_name("alerts") == "Alerts, 3 items"
    assert window.tab_accessible_name("reviews") == "Reviews, 1 item"
    window.set_lists(("alerts",))  # the counts survive the tabs being rebuilt
    assert window.tab_title("alerts") == "Alerts (3)"


def test_ctrl_and_a_number_chooses_the_tab(qtbot: QtBot, window: WorkspaceWindow) -> None:
    for number, key in enumerate(("alerts", "contact", "shield", "reviews")):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number + 1}"), CTRL)
        assert window.current_list() == key
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.current_list() == "alerts"


def test_f5_and_the_refresh_button_ask_for_a_refresh(qtbot: QtBot, window: WorkspaceWindow) -> None:
    with qtbot.waitSignal(window.refresh_wanted, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    window.refresh_button.setFocus()
    with qtbot.waitSignal(window.refresh_wanted, timeout=1000):
        qtbot.keyClick(window.refresh_button, Qt.Key.Key_Space)


def test_ctrl_l_asks_for_the_lock(qtbot: QtBot, window: WorkspaceWindow) -> None:
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL)


def test_the_watermark_names_the_viewer_over_the_lists(window: WorkspaceWindow) -> None:
    filled(window)
    assert window.watermark.text().startswith("Zz Manager · Zz Northtown ContactPoint team · ")
    assert window.watermark.geometry() == window.centralWidget().rect()


def test_clear_leaves_nothing_of_any_item(qtbot: QtBot, window: WorkspaceWindow) -> None:
    filled(window)
    shown = joined(window)
    traces = [
        "OVR-ZZ0001",
        "VOL-ZZ0002",
        "CR-ZZ0001",
        "SR-ZZ0002",
        words.cp_id(samples.CHILD_A),
        words.cp_id(samples.CHILD_C),
        "zz-social-worker",
        "zz-nurse",
        "zz-shield-officer",
        "hearing test",
        "refuge",
    ]
    for trace in traces:
        assert trace in shown  # the control: each was on show
    window.clear()
    left = joined(window)
    assert [trace for trace in traces if trace in left] == []
    assert window.tab_title("alerts") == "Alerts"


def test_closing_the_window_clears_it_and_says_so(qtbot: QtBot, window: WorkspaceWindow) -> None:
    filled(window)
    with qtbot.waitSignal(window.closed, timeout=1000):
        window.close()
    assert "OVR-ZZ0001" not in joined(window)


def _stops(window: WorkspaceWindow) -> list[QWidget]:
    return tab_stops(window.tabs.tabBar(), 20)


@pytest.mark.parametrize("key", ["alerts", "contact", "shield", "reviews"])
def test_tab_reaches_every_control_of_every_tab(
    qtbot: QtBot, window: WorkspaceWindow, key: str
) -> None:
    filled(window)
    window.choose_tab(window.lists().index(key))
    page = getattr(window, key)
    wanted = [page.table, *page.visible_buttons(), window.refresh_button]
    if key == "alerts":
        wanted.append(page.status_filter)
    stops = _stops(window)
    assert [w for w in wanted if w not in stops] == []


@pytest.mark.parametrize("key", ["alerts", "contact", "shield", "reviews"])
def test_mnemonics_are_unique_on_every_tab(qtbot: QtBot, window: WorkspaceWindow, key: str) -> None:
    filled(window)
    window.choose_tab(window.lists().index(key))
    page = getattr(window, key)
    # Every item's buttons: walk the rows so that each set of allowed steps is on show.
    for row in range(page.table.model().rowCount()):
        page.table.setCurrentIndex(page.table.model().index(row, 0))
        QApplication.processEvents()
        assert mnemonic_clashes(window) == []


SCREENSHOTS = {
    "alerts": "workspace_alerts",
    "contact": "workspace_contact_requests",
    "shield": "workspace_shield_requests",
    "reviews": "workspace_reviews",
}


@pytest.mark.parametrize("key", list(SCREENSHOTS))
def test_screenshot_of_every_tab(qtbot: QtBot, key: str) -> None:
    made = WorkspaceWindow(samples.MANAGER, training=True, clock=lambda: samples.NOW)
    qtbot.addWidget(made)
    filled(made)
    made.choose_tab(made.lists().index(key))
    path = render(made, SCREENSHOTS[key])
    assert path.stat().st_size > 0
    made.dispose()
