"""The Diagnostics window: the report shown, Refresh and Copy report only once it is made,
and "Copy report" the one way anything reaches the clipboard (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.no_export_walk import assert_nothing_leaves, clear_clipboards
from ui.diagnostics_window import COPIED, MAKING, READY, DiagnosticsWindow
from ui.no_export import NoExportFilter, install_no_export

REPORT = "ContactPoint support report\n\n== Directory\n  reachable  yes\n"


def _window(qtbot: QtBot) -> DiagnosticsWindow:
    window = DiagnosticsWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_nothing_can_be_copied_or_refreshed_until_the_report_is_made(qtbot: QtBot) -> None:
    window = _window(qtbot)
    assert window.status.text() == MAKING
    assert not window.copy_button.isEnabled() and not window.refresh_button.isEnabled()
    window.show_report(REPORT)
    assert window.report.toPlainText() == REPORT and window.status.text() == READY
    assert window.copy_button.isEnabled() and window.refresh_button.isEnabled()
    with qtbot.waitSignal(window.refresh_requested):
        qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)


def test_a_problem_is_said_and_refresh_offered_again(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.show_problem("the card reader did not answer")
    assert "the card reader did not answer" in window.status.text()
    assert window.refresh_button.isEnabled() and not window.copy_button.isEnabled()


def test_copy_report_puts_exactly_the_report_on_the_clipboard(
    qtbot: QtBot, qapp: QApplication
) -> None:
    installed = install_no_export(qapp)
    try:
        window = _window(qtbot)
        window.show_report(REPORT)
        # The keys that copy do nothing here, as everywhere in the client...
        assert_nothing_leaves(qtbot, [window])
        # ...and the button copies the report and nothing else.
        qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
        assert QApplication.clipboard().text() == REPORT and window.status.text() == COPIED
    finally:
        installed.uninstall()  # one QApplication serves the whole session
        clear_clipboards()


def test_the_report_stays_on_the_clipboard_and_nothing_else_does(qapp: QApplication) -> None:
    # The offscreen platform never reports ownership; X11, Windows and macOS do.
    installed = NoExportFilter(qapp, owns=lambda mode: mode == QClipboard.Mode.Clipboard)
    installed.install()
    clipboard = QApplication.clipboard()
    try:
        installed.copy_support_report(REPORT)
        assert clipboard.text() == REPORT
        clipboard.setText("Zzsynthetic Child")  # anything else the application puts there
        assert clipboard.text() == ""
        clipboard.setText(REPORT)  # the allowance went with it: not even the report now
        assert clipboard.text() == ""
    finally:
        installed.uninstall()
        installed.setParent(None)  # so that install_no_export never finds this one
        clear_clipboards()
