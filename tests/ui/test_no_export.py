"""The application-wide no-export filter, on a tree of every kind of widget that holds text.

Each protection is shown twice: without the filter the way out works (so the test could
fail), and with it nothing leaves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QClipboard,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.no_export_walk import (
    assert_nothing_leaves,
    clear_clipboards,
    clipboard_leaks,
    open_menus,
)
from ui.no_export import (
    NO_DRAG_DISTANCE,
    NoExportFilter,
    export_actions,
    export_shortcuts,
    install_no_export,
    is_export_key,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SYNTHETIC = "Testchild Examplename 01/02/2015 ZZ1 9ZZ"  # synthetic, like all test data


def _tree() -> QWidget:
    """One of each widget that can hold a child's details, all filled with SYNTHETIC."""
    root = QWidget()
    root.setObjectName("tree")
    layout = QVBoxLayout(root)
    label = QLabel(SYNTHETIC)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    line = QLineEdit(SYNTHETIC)
    plain = QPlainTextEdit(SYNTHETIC)
    browser = QTextBrowser()
    browser.setPlainText(SYNTHETIC)
    table = QTableWidget(2, 2)
    for row in range(2):
        for column in range(2):
            table.setItem(row, column, QTableWidgetItem(SYNTHETIC))
    tree = QTreeWidget()
    QTreeWidgetItem(tree, [SYNTHETIC])
    listing = QListWidget()
    listing.addItems([SYNTHETIC, SYNTHETIC])
    for number, widget in enumerate([label, line, plain, browser, table, tree, listing]):
        widget.setObjectName(f"{type(widget).__name__.lower()}{number}")
        layout.addWidget(widget)
    return root


@pytest.fixture
def tree(qtbot: QtBot) -> QWidget:
    root = _tree()
    qtbot.addWidget(root)
    root.show()
    clear_clipboards()
    return root


@pytest.fixture
def no_export(qapp: QApplication) -> Iterator[NoExportFilter]:
    # One QApplication serves the whole session: take the filter off again afterwards.
    installed = install_no_export(qapp)
    yield installed
    installed.uninstall()
    clear_clipboards()


def _line(tree: QWidget) -> QLineEdit:
    line = tree.findChild(QLineEdit)
    assert isinstance(line, QLineEdit)
    return line


# -- the control: without the filter the ways out work -------------------------------------


def test_without_the_filter_ctrl_c_copies(qtbot: QtBot, tree: QWidget) -> None:
    line = _line(tree)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == SYNTHETIC
    assert clipboard_leaks() != []
    clear_clipboards()


def test_without_the_filter_the_walk_finds_leaks(qtbot: QtBot, tree: QWidget) -> None:
    with pytest.raises(AssertionError) as failed:
        assert_nothing_leaves(qtbot, [tree])
    report = str(failed.value)
    assert "QLineEdit 'qlineedit1': Ctrl+C put" in report
    assert "QTableWidget 'qtablewidget4': Ctrl+C put" in report
    assert "the context menu opened" in report
    assert SYNTHETIC not in report  # failures never quote what is shown
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu):
            widget.close()
    clear_clipboards()


# -- with the filter nothing leaves ------------------------------------------------------


def test_nothing_leaves_any_widget(qtbot: QtBot, tree: QWidget, no_export: NoExportFilter) -> None:
    assert len(QApplication.allWidgets()) >= 7
    assert_nothing_leaves(qtbot, [tree])
    assert clipboard_leaks() == []


def test_every_widget_of_the_application_is_walked(
    qtbot: QtBot, tree: QWidget, no_export: NoExportFilter
) -> None:
    assert_nothing_leaves(qtbot, QApplication.allWidgets())


class KeysSeen(QObject):
    """Records the key presses that reach one widget (after the application's filters)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.seen: list[tuple[int, str]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self.seen.append((event.key(), event.text()))
        return False


def test_export_keys_never_reach_the_widget(tree: QWidget, no_export: NoExportFilter) -> None:
    line = _line(tree)
    keys = KeysSeen(line)
    for key, modifiers in ((Qt.Key.Key_C, CTRL), (Qt.Key.Key_A, CTRL), (Qt.Key.Key_P, CTRL)):
        QApplication.sendEvent(line, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    assert keys.seen == []
    QApplication.sendEvent(line, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_V, CTRL))
    assert keys.seen == [(Qt.Key.Key_V.value, "")]  # the control: other keys do arrive


def test_paste_into_a_field_still_works(
    qtbot: QtBot, tree: QWidget, no_export: NoExportFilter
) -> None:
    line = _line(tree)
    line.clear()
    line.setFocus()
    QApplication.clipboard().setText("ZZ1 9ZZ")
    qtbot.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert line.text() == "ZZ1 9ZZ"


def test_typing_still_works_including_altgr_letters(
    qtbot: QtBot, tree: QWidget, no_export: NoExportFilter
) -> None:
    line = _line(tree)
    line.clear()
    qtbot.keyClicks(line, "Acsap")
    assert line.text() == "Acsap"
    keys = KeysSeen(line)
    # AltGr arrives as Ctrl+Alt on Windows: Polish ć, ś and ą are AltGr+C, S and A.
    altgr = CTRL | Qt.KeyboardModifier.AltModifier
    letters = [(Qt.Key.Key_C, "ć"), (Qt.Key.Key_S, "ś"), (Qt.Key.Key_A, "ą")]
    for key, letter in letters:
        QApplication.sendEvent(line, QKeyEvent(QEvent.Type.KeyPress, key, altgr, letter))
    assert keys.seen == [(key.value, letter) for key, letter in letters]


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier),
        (
            Qt.Key.Key_Insert,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
        ),
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Copy, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_export_keys_are_recognised(
    qapp: QApplication, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    assert is_export_key(QKeyEvent(QEvent.Type.KeyPress, key, modifiers))


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier),  # paste
        (Qt.Key.Key_C, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_other_keys_pass(qapp: QApplication, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    assert not is_export_key(QKeyEvent(QEvent.Type.KeyPress, key, modifiers))


def test_shortcuts_bound_to_export_keys_never_fire(qtbot: QtBot, qapp: QApplication) -> None:
    fired: list[str] = []
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("no data"))
    shortcut = QShortcut(QKeySequence("Ctrl+P"), window)
    shortcut.activated.connect(lambda: fired.append("printed"))
    with qtbot.waitActive(window):  # a window shortcut fires only in the active window
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["printed"]  # the control: without the filter it fires
    installed = install_no_export(qapp)
    try:
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    finally:
        installed.uninstall()
    assert fired == ["printed"]
    assert export_shortcuts(qapp) == [shortcut]
    shortcut.setParent(None)


def test_context_menus_never_open(tree: QWidget, no_export: NoExportFilter) -> None:
    for widget in [tree, *tree.findChildren(QWidget)]:
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, QPoint(2, 2), widget.mapToGlobal(QPoint(2, 2))
        )
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()
    assert open_menus() == []


def test_custom_context_menus_are_not_requested(tree: QWidget, no_export: NoExportFilter) -> None:
    line = _line(tree)
    line.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    requested: list[QPoint] = []
    line.customContextMenuRequested.connect(requested.append)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), line.mapToGlobal(QPoint(1, 1))
    )
    QApplication.sendEvent(line, event)
    assert requested == []


def test_drops_are_refused(tree: QWidget, no_export: NoExportFilter) -> None:
    line = _line(tree)
    line.setAcceptDrops(True)
    data = QMimeData()
    data.setText("dropped")
    enter = _drag_event(QDragEnterEvent, data)
    QApplication.sendEvent(line, enter)
    assert not enter.isAccepted()


def test_drags_never_start_and_the_setting_is_restored(qapp: QApplication) -> None:
    before = qapp.startDragDistance()
    installed = install_no_export(qapp)
    assert qapp.startDragDistance() == NO_DRAG_DISTANCE
    assert install_no_export(qapp) is installed  # installing twice keeps one filter
    installed.uninstall()
    assert qapp.startDragDistance() == before
    assert not installed.installed


def test_what_the_application_puts_on_its_clipboard_is_wiped(
    qapp: QApplication, tree: QWidget
) -> None:
    # The offscreen platform never reports ownership; X11, Windows and macOS do.
    installed = NoExportFilter(qapp, owns=lambda mode: mode == QClipboard.Mode.Clipboard)
    installed.install()
    try:
        QApplication.clipboard().setText(SYNTHETIC)
        assert clipboard_leaks() == []
    finally:
        installed.uninstall()
        installed.setParent(None)  # so that install_no_export never finds this one
    QApplication.clipboard().setText("from another program")
    assert QApplication.clipboard().text() == "from another program"  # the control
    clear_clipboards()


def test_another_programs_clipboard_is_left_alone(
    qapp: QApplication, no_export: NoExportFilter
) -> None:
    QApplication.clipboard().setText("from another program")  # offscreen: not "ours"
    assert QApplication.clipboard().text() == "from another program"


def test_export_actions_are_found(qtbot: QtBot, qapp: QApplication) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    innocent = QAction("&Search", window)
    innocent.setShortcut(QKeySequence("Ctrl+F"))
    window.addAction(innocent)
    assert export_actions(qapp) == []
    printing = QAction("&Print…", window)
    hidden_copy = QAction("Details", window)
    hidden_copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    menu = window.menuBar().addMenu("&File")
    menu.addAction(printing)
    window.addAction(hidden_copy)
    assert set(export_actions(qapp)) == {printing, hidden_copy}
    for action in (printing, hidden_copy, innocent):
        action.setParent(None)
    menu.clear()


DragEvent = TypeVar("DragEvent", QDragEnterEvent, QDragMoveEvent, QDropEvent)


def _drag_event(kind: type[DragEvent], data: QMimeData) -> DragEvent:
    """A drag event at (2, 2) carrying `data`, as the drag manager sends them."""
    details = (
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        return kind(QPointF(2, 2), *details)  # PySide6 6.12 deprecates the QPoint form
    except TypeError:
        return kind(QPoint(2, 2), *details)  # PySide6 6.11 has only it for enter and move


def _drop_text(line: QLineEdit) -> None:
    """Drag text from elsewhere over `line` and drop it, as the drag manager would."""
    data = QMimeData()
    data.setText("dropped")
    for kind in (QDragEnterEvent, QDragMoveEvent, QDropEvent):
        QApplication.sendEvent(line, _drag_event(kind, data))


def test_nothing_is_dropped_even_where_drops_are_accepted(
    qapp: QApplication, tree: QWidget
) -> None:
    line = _line(tree)
    line.setAcceptDrops(True)
    line.clear()
    _drop_text(line)
    assert line.text() == "dropped"  # the control: a drop lands without the filter
    line.clear()
    installed = install_no_export(qapp)
    try:
        _drop_text(line)
    finally:
        installed.uninstall()
    assert line.text() == ""
