"""WorkspaceScreens over a controller that answers when told (tests/desktop/management/
fake.py): the real flows and the real window and dialogs, the directory's answers given by
the test. A manager's sign-in shows the worklists and a teacher's shows nothing; an action
opens its dialog without blocking, the dialog's OK reaches the flow and the flow's answer
closes it; a lock closes every dialog and empties the window; a sign-out destroys it; the
access history and My requests open on their flows' answers; no title names anyone.

The whole client against a served directory is tests/e2e/test_workspace.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from contract.codes import AlertStatus, ShieldEvent, ShieldPhase
from desktop import DecisionDraft, SignedInUser
from tests.desktop.management.fake import FakeController, FakeFront
from tests.desktop.management.values import CP_ID, REFUSALS, alert, empty, page, request, shield
from tests.ui.workspace import samples
from ui.main_window import MainWindow
from ui.workspace import (
    AccessHistoryDialog,
    AlertStepDialog,
    DecisionDialog,
    MyRequestsDialog,
    ShieldStepDialog,
    WorkspaceWindow,
)
from ui.workspace.window import TITLE
from ui.workspace_screens import WorkspaceScreens

MANAGER = SignedInUser("zz-manager", "Zz Northtown team", ("management",), "E08000035")
OFFICER = SignedInUser("zz-officer", "Zz Northtown team", ("shield_officer",), "E08000035")
TEACHER = SignedInUser("zz-teacher", "Zzschool Primary", ("practitioner",), None)
REASONS = samples.REASONS
NOTE = "Zz the practitioners agreed to speak through the team instead."


@dataclass
class Host:
    """The application as WorkspaceScreens sees it (ui.app.ClientApp): a main window and
    the records it was asked to open."""

    window: MainWindow | None = None
    opened: list[str] = field(default_factory=list)

    def open_record(self, cp_id: str) -> None:
        self.opened.append(cp_id)


@dataclass
class Rig:
    controller: FakeController
    front: FakeFront
    host: Host
    screens: WorkspaceScreens
    qtbot: QtBot

    def sign_in(self, user: SignedInUser) -> None:
        window = MainWindow(user, training=True)
        self.qtbot.addWidget(window)
        window.show()
        self.host.window = window
        self.controller.signed_in.emit(user)

    def answer_lists(self) -> None:
        """Every list asked for: an alert, a contact request, no shield request, a review."""
        pages = {
            "alerts": page(alert(1)),
            "contact": page(request("contact")),
            "shield": empty(),
            "reviews": page(shield(ShieldPhase.CONFIRMED)),
        }
        for key, asked in self.front.fetches().items():
            asked.succeed(pages[key])

    def workspace(self) -> WorkspaceWindow:
        window = self.screens.window
        assert window is not None
        return window


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    controller = FakeController()
    host = Host()
    # An hour between polls: no tick comes unless a test asks for one.
    screens = WorkspaceScreens(controller, host, training=True, interval_ms=3_600_000)
    yield Rig(controller, controller.worklists, host, screens, qtbot)
    screens.stop()
    screens.deleteLater()
    controller.deleteLater()


def gone(widget: QWidget) -> bool:
    """Deleted, or at least hidden: nothing of it is on screen."""
    return not shiboken6.isValid(widget) or widget.isHidden()


def test_a_managers_sign_in_shows_the_workspace_with_its_lists(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    window = rig.workspace()
    assert window.isVisible()
    assert window.lists() == ("alerts", "contact", "shield", "reviews")
    rig.answer_lists()
    assert [a.id for a in window.alerts.items()] == ["al-1"]
    assert [r.id for r in window.contact.items()] == ["contact-1"]
    assert window.shield.items() == ()
    assert [s.cp_id for s in window.reviews.items()] == [CP_ID]
    assert window.tab_title("alerts").endswith("(1)")


def test_a_shield_officers_workspace_has_their_two_lists(rig: Rig) -> None:
    rig.sign_in(OFFICER)
    assert rig.workspace().lists() == ("shield", "reviews")


def test_a_teachers_sign_in_makes_no_workspace(rig: Rig) -> None:
    rig.sign_in(TEACHER)
    assert rig.screens.window is None
    assert rig.front.pending() == []
    rig.screens.open_workspace()  # the header shows no button; asking anyway does nothing
    assert rig.screens.window is None


def test_the_workspace_title_names_no_one(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    title = rig.workspace().windowTitle()
    assert title.startswith(TITLE)
    for personal in (MANAGER.name, CP_ID, "Zz Northtown"):
        assert personal not in title


def test_an_alert_opens_its_dialog_over_the_workspace_without_blocking(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    item = rig.workspace().alerts.items()[0]
    rig.screens.flow.act(item, AlertStatus.ACKNOWLEDGED)
    # Back here with the dialog open: shown window-modal, not run in a loop of its own.
    dialog = rig.screens.dialog
    assert isinstance(dialog, AlertStepDialog) and dialog.isVisible()
    assert dialog.windowModality() is Qt.WindowModality.WindowModal
    assert dialog.parentWidget() is rig.workspace()
    assert rig.host.opened == [CP_ID]  # the child's record beside it, where allowed
    assert CP_ID not in dialog.windowTitle()

    dialog.ok_button.click()
    sent = rig.front.only("update_alert")
    assert sent.args[0] == item.id and sent.args[1].status is AlertStatus.ACKNOWLEDGED
    assert dialog.busy  # waiting for the directory, still open
    sent.succeed(alert(1, AlertStatus.ACKNOWLEDGED))
    assert rig.screens.dialog is None and gone(dialog)
    assert "acknowledged" in rig.workspace().statusBar().currentMessage()


def test_a_request_opens_the_decision_dialog(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    item = rig.workspace().contact.items()[0]
    rig.screens.flow.act(item, "brokered")  # type: ignore[arg-type]  # as the tab sends it
    assert isinstance(rig.screens.dialog, DecisionDialog) and rig.screens.dialog.isVisible()


def test_a_records_shield_step_opens_its_dialog_over_the_main_window(rig: Rig) -> None:
    rig.sign_in(OFFICER)
    rig.answer_lists()
    rig.screens.shield_step(CP_ID, ShieldEvent.PLACE, False, ShieldPhase.UNSHIELDED)
    assert rig.screens.dialog is None  # the published reasons first
    rig.front.only("shield_reasons").succeed(REASONS)
    dialog = rig.screens.dialog
    assert isinstance(dialog, ShieldStepDialog) and dialog.isVisible()
    assert dialog.parentWidget() is rig.host.window
    assert rig.host.opened == []  # the record is open already: it asked
    # Cancelling reaches the flow, which closes the dialog.
    dialog.reject()
    assert rig.screens.dialog is None and gone(dialog)
    assert rig.front.pending("shield_step") == []


def test_a_refusal_to_correct_is_shown_in_the_open_dialog(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    rig.screens.flow.act(rig.workspace().alerts.items()[0], AlertStatus.ACKNOWLEDGED)
    dialog = rig.screens.dialog
    assert dialog is not None
    dialog.ok_button.click()
    rig.front.only("update_alert").fail(REFUSALS["422"])
    assert rig.screens.dialog is dialog and dialog.isVisible()
    assert dialog.problem_text == REFUSALS["422"].text and not dialog.busy


def test_a_review_opens_its_shield_step_dialog_with_the_review(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    item = rig.workspace().reviews.items()[0]
    rig.screens.flow.act(item, (ShieldEvent.RENEW, True))
    dialog = rig.screens.dialog
    assert isinstance(dialog, ShieldStepDialog) and dialog.request.review
    assert dialog.parentWidget() is rig.workspace()


@pytest.mark.parametrize("end", ["locked", "records_cleared"])
def test_a_lock_closes_every_dialog_and_empties_the_window(rig: Rig, end: str) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    window = rig.workspace()
    rig.screens.flow.act(window.alerts.items()[0], AlertStatus.ACKNOWLEDGED)
    step = rig.screens.dialog
    rig.screens.show_history(CP_ID)
    rig.front.only("access_history").succeed(samples.access())
    rig.screens.show_my_requests()
    rig.front.only("my_requests").succeed(page(request("contact")), empty())
    history, mine = rig.screens.history_dialog, rig.screens.my_requests
    assert step is not None and history is not None and mine is not None
    assert history.entries()

    if end == "locked":
        rig.controller.locked.emit("Locked")
    else:
        rig.controller.records_cleared.emit()
    assert rig.screens.dialog is None and rig.screens.history_dialog is None
    assert rig.screens.my_requests is None
    assert all(gone(d) for d in (step, history, mine))
    # The window stays for the unlock, holding nothing.
    assert rig.screens.window is window
    for tab in (window.alerts, window.contact, window.shield, window.reviews):
        assert tab.items() == ()


def test_signing_out_destroys_the_workspace(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    window = rig.workspace()
    with rig.qtbot.waitSignal(window.destroyed, timeout=1000):
        rig.controller.signed_out.emit("Signed out")
    assert rig.screens.window is None


def test_another_user_after_a_lock_gets_a_window_of_their_own(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    first = rig.workspace()
    rig.controller.locked.emit("Locked")
    rig.sign_in(OFFICER)
    assert rig.screens.window is not first and rig.workspace().user == OFFICER


def test_the_access_history_opens_on_the_flows_answer(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.screens.show_history(CP_ID)
    assert rig.screens.history_dialog is None  # nothing until the directory answers
    asked = rig.front.only("access_history")
    assert asked.args == (CP_ID, 1)
    history = samples.access()
    asked.succeed(history)
    dialog = rig.screens.history_dialog
    assert isinstance(dialog, AccessHistoryDialog) and dialog.isVisible()
    assert dialog.parentWidget() is rig.host.window
    assert dialog.entries() == history.items
    assert CP_ID not in dialog.windowTitle()
    # The next page is asked for the same child, and shown in the same dialog.
    dialog.next_button.click()
    assert rig.front.only("access_history").args == (CP_ID, 2)
    rig.front.only("access_history").succeed(samples.access(page=2))
    assert rig.screens.history_dialog is dialog
    dialog.reject()
    assert rig.screens.history_dialog is None


def test_my_requests_opens_on_the_flows_answer(rig: Rig) -> None:
    rig.sign_in(TEACHER)
    rig.screens.show_my_requests()
    assert rig.screens.my_requests is None
    rig.front.only("my_requests").succeed(page(request("contact")), page(request("shield")))
    dialog = rig.screens.my_requests
    assert isinstance(dialog, MyRequestsDialog) and dialog.isVisible()
    assert dialog.parentWidget() is rig.host.window
    assert MANAGER.name not in dialog.windowTitle() and TEACHER.name not in dialog.windowTitle()
    dialog.reject()
    assert rig.screens.my_requests is None


def test_a_conflict_closes_the_dialog_and_says_why_over_the_workspace(rig: Rig) -> None:
    rig.sign_in(MANAGER)
    rig.answer_lists()
    rig.screens.flow.act(rig.workspace().contact.items()[0], "declined")  # type: ignore[arg-type]
    dialog = rig.screens.dialog
    assert isinstance(dialog, DecisionDialog)
    rig.screens.flow.submit(dialog.ticket, DecisionDraft("contact", "declined", NOTE))
    rig.front.only("decide_request").fail(REFUSALS["409"])
    assert rig.screens.dialog is None and gone(dialog)
    (notice,) = [box for box in rig.workspace().findChildren(QMessageBox) if box.isVisible()]
    assert notice.text() == REFUSALS["409"].text
    notice.accept()
