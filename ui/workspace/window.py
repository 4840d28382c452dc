"""The management workspace: one tab per worklist, for the team and the shield officers.

It lays out the tabs and passes their requests on as signals; the workspace's flows
(desktop.management) decide what is listed, polled and done. The same client rules as the
main window hold: the title names the product and never a child or a person; the watermark
names the viewer and the time over everything the tabs show; the tables cannot be selected
or copied (ui.readonly), and the application-wide filters (ui.no_export, ui.protect) keep
keys, menus, drags and screen captures away from this window as from every other.

Keys: Ctrl+1 to Ctrl+4 choose a tab, F5 refreshes, Ctrl+L locks, Tab reaches every control.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from desktop import SignedInUser
from ui.action_dialog import chain_tab_order
from ui.readonly import lock_down
from ui.static_label import StaticLabel
from ui.training_banner import TITLE_MARK, TrainingBanner
from ui.watermark import Watermark, watermark_text
from ui.workspace.alerts_tab import AlertsTab
from ui.workspace.requests_tab import RequestsTab
from ui.workspace.reviews_tab import ReviewsTab
from ui.workspace.worklist_tab import WorklistTab, button

TITLE = "ContactPoint — Management workspace"
KEYS = ("alerts", "contact", "shield", "reviews")
LABELS = {
    "alerts": "Alerts",
    "contact": "Contact requests",
    "shield": "Shield requests",
    "reviews": "Reviews",
}


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class WorkspaceWindow(QMainWindow):
    refresh_wanted = Signal()
    lock_requested = Signal()
    closed = Signal()  # the person closed the window (the integrator decides what follows)

    def __init__(
        self,
        user: SignedInUser,
        training: bool,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE + (TITLE_MARK if training else ""))
        self.setObjectName("workspace_window")
        self.user = user
        self._clock = clock or _local_now
        self._counts: dict[str, int] = {}
        self._disposing = False

        self.alerts = AlertsTab(self)
        self.contact = RequestsTab("contact", self)
        self.shield = RequestsTab("shield", self)
        self.reviews = ReviewsTab(self)
        self._pages: dict[str, WorklistTab[Any]] = {
            "alerts": self.alerts,
            "contact": self.contact,
            "shield": self.shield,
            "reviews": self.reviews,
        }
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("worklists")
        self.tabs.setAccessibleName("Worklists")
        self.tabs.setDocumentMode(True)

        self.who = StaticLabel(f"{user.name} · {user.role_label}", self)
        self.who.setObjectName("who")
        self.who.setWordWrap(False)
        self.refresh_button = button(
            "Re&fresh", "refresh", self, "Asks the directory for the worklists now (F5)."
        )
        self.refresh_button.setToolTip("Refresh the lists now (F5)")
        self.refresh_button.clicked.connect(self.refresh_wanted)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.refresh_button)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 0, 6, 6)
        if training:
            layout.addWidget(TrainingBanner(central))
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        # Created last so that it starts above everything; it raises itself above later ones.
        self.watermark = Watermark(central)
        self.resize(1280, 720)
        lock_down(self)

        for number in range(1, 5):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.choose_tab(n - 1))
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh_wanted)
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock_requested)
        self.set_lists(KEYS)

    # --- what the workspace's flows tell the window --------------------------------------

    def set_lists(self, keys: tuple[str, ...]) -> None:
        """Show only these worklists' tabs, in the usual order ("alerts", "contact", ...)."""
        self.tabs.clear()
        for key in KEYS:
            page = self._pages[key]
            if key in keys:
                self.tabs.addTab(page, LABELS[key])
            else:
                page.setParent(self)  # out of the tab widget, kept for later
                page.hide()
        # Tab in reading order (issue 12): Refresh, the tab titles, then the open list's
        # own controls; re-parenting the pages above leaves the titles after them.
        pages = [self._pages[key] for key in KEYS if key in keys]
        chain_tab_order(
            [self.refresh_button, self.tabs.tabBar(), *(s for p in pages for s in p.tab_stops)]
        )
        self._retitle()

    def set_counts(self, counts: dict[str, int]) -> None:
        """How many items each list holds, in its tab's title and accessible name."""
        self._counts = dict(counts)
        self._retitle()
        self._stamp()

    def lists(self) -> tuple[str, ...]:
        return tuple(key for key in KEYS if self.tabs.indexOf(self._pages[key]) >= 0)

    def tab_title(self, key: str) -> str:
        index = self.tabs.indexOf(self._pages[key])
        return "" if index < 0 else self.tabs.tabText(index)

    def tab_accessible_name(self, key: str) -> str:
        index = self.tabs.indexOf(self._pages[key])
        return "" if index < 0 else self.tabs.tabBar().accessibleTabName(index)

    def choose_tab(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
            widget = self.tabs.currentWidget()
            if widget is not None:
                widget.setFocus()

    def current_list(self) -> str | None:
        current = self.tabs.currentWidget()
        return next((key for key, page in self._pages.items() if page is current), None)

    def clear(self) -> None:
        """Forget every item on screen (lock, sign-out): nothing about any child remains."""
        for page in self._pages.values():
            page.clear()
        self._counts = {}
        self._retitle()

    def dispose(self) -> None:
        """The session is over: forget everything and go, without asking anything."""
        self._disposing = True
        self.clear()
        self.close()
        self.deleteLater()

    # --- Qt ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._stamp()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A hidden window holding worklists is what the lock exists to prevent.
        self.clear()
        if not self._disposing:
            self.closed.emit()
        event.accept()

    # --- internals -----------------------------------------------------------------------

    def _retitle(self) -> None:
        bar = self.tabs.tabBar()
        for key in KEYS:
            index = self.tabs.indexOf(self._pages[key])
            if index < 0:
                continue
            count = self._counts.get(key)
            label = LABELS[key] if count is None else f"{LABELS[key]} ({count})"
            self.tabs.setTabText(index, label)
            items = "item" if count == 1 else "items"
            spoken = LABELS[key] if count is None else f"{LABELS[key]}, {count} {items}"
            bar.setAccessibleTabName(index, spoken)
            self.tabs.setTabToolTip(index, f"Ctrl+{index + 1}")

    def _stamp(self) -> None:
        self.watermark.set_text(watermark_text(self.user, self._clock()))
        self.watermark.raise_()
