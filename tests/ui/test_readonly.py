"""lock_down: nothing in a tree can be selected, dragged, edited, copied or given a menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.readonly import interaction_leaks, lock_down

BEFORE = "clipboard before the test"


def _tree(qtbot: QtBot) -> tuple[QWidget, QLabel, QTableWidget, QLineEdit, QTextEdit]:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("Zzchild Testerson lives here", root)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    table = QTableWidget(2, 2, root)
    for row in range(2):
        for column in range(2):
            table.setItem(row, column, QTableWidgetItem(f"Zzcell {row} {column}"))
    table.setDragEnabled(True)
    line = QLineEdit("Zzline", root)
    text = QTextEdit("Zztext", root)
    inner = QWidget(root)
    inner_label = QLabel("Zzinner", inner)
    inner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    for widget in (label, table, line, text, inner):
        layout.addWidget(widget)
    return root, label, table, line, text


def test_the_checker_finds_what_an_ordinary_tree_allows(qtbot: QtBot) -> None:
    root, *_ = _tree(qtbot)
    leaks = interaction_leaks(root)
    assert any(leak.startswith("QLabel") for leak in leaks)
    assert any(leak.startswith("QTableWidget") for leak in leaks)
    assert any(leak.startswith("QLineEdit") for leak in leaks)
    assert not any("Zz" in leak for leak in leaks)  # class and object names only, no text


def test_lock_down_leaves_nothing_to_select_drag_edit_or_open_a_menu_on(qtbot: QtBot) -> None:
    root, _, table, line, text = _tree(qtbot)
    lock_down(root)
    assert interaction_leaks(root) == []
    for widget in [root, *root.findChildren(QWidget)]:
        assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        assert not widget.acceptDrops()
    for each in root.findChildren(QLabel):
        assert each.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert table.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    assert table.dragDropMode() == QAbstractItemView.DragDropMode.NoDragDrop
    assert not table.dragEnabled()
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert line.isReadOnly() and text.isReadOnly()
    assert line.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_locked_label_cannot_be_selected_with_the_mouse(qtbot: QtBot) -> None:
    root, label, *_ = _tree(qtbot)
    root.show()
    qtbot.waitExposed(root)
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=QPoint(10, label.height() // 2))
    assert label.hasSelectedText()  # the control: an ordinary label selects a word
    label.setSelection(0, 0)
    lock_down(root)
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=QPoint(10, label.height() // 2))
    assert not label.hasSelectedText()


def _copy_from(qtbot: QtBot, table: QTableWidget) -> str:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(BEFORE)
    table.setCurrentCell(1, 1)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    return clipboard.text()


def test_an_item_view_copies_its_current_cell_until_locked_down(qtbot: QtBot) -> None:
    root, _, table, *_ = _tree(qtbot)
    root.show()
    assert _copy_from(qtbot, table) == "Zzcell 1 1"  # Qt's own Ctrl+C, whatever the selection
    lock_down(root)
    assert _copy_from(qtbot, table) == BEFORE


def test_lock_down_can_be_applied_again_after_widgets_are_added(qtbot: QtBot) -> None:
    root, _, table, *_ = _tree(qtbot)
    lock_down(root)
    late = QLabel("Zzlate", root)
    late.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    assert interaction_leaks(root) != []
    lock_down(root)
    lock_down(root)
    assert interaction_leaks(root) == []
    # One key guard per widget, however often the tree is locked down.
    guards = [c for c in table.children() if c.objectName() == "readonly_copy_filter"]
    assert len(guards) == 1
