"""Walk real windows and try every way of getting their text out; nothing may leave.

    assert_nothing_leaves(qtbot, [main_window, dialog, ...])

For every widget in the trees: select everything it lets a program select (so that a copy
key, if it got through, would have something to copy), give it the focus, then press every
copy, cut, select-all, print and save key, the platform's standard ones included, and open
its context menu. Afterwards the clipboard (and the X11 selection, where there is one) must
still be empty and no menu may be open, and no action in the application may print, save,
export or copy. Failures name widgets by class and object name, never by their text.

Show the windows and install the application filter (`ui.no_export.install_no_export`)
first, as the client does. Any widgets will do as roots, `QApplication.allWidgets()` too.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QContextMenuEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.no_export import STANDARD_KEYS, export_actions, export_shortcuts

_K = Qt.Key
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier

# In order: select all comes before the copies, so that they would have a selection.
SHORTCUTS: tuple[tuple[Qt.Key, Qt.KeyboardModifier], ...] = (
    (_K.Key_A, _CTRL),
    (_K.Key_C, _CTRL),
    (_K.Key_X, _CTRL),
    (_K.Key_Insert, _CTRL),
    (_K.Key_Delete, _SHIFT),
    (_K.Key_C, _CTRL | _SHIFT),
    (_K.Key_P, _CTRL),
    (_K.Key_S, _CTRL),
    (_K.Key_S, _CTRL | _SHIFT),
    (_K.Key_Copy, Qt.KeyboardModifier.NoModifier),
    (_K.Key_Cut, Qt.KeyboardModifier.NoModifier),
)


def standard_shortcuts() -> list[tuple[Qt.Key, Qt.KeyboardModifier]]:
    """This platform's bindings for the standard copy, cut, select-all, print and save keys."""
    found = []
    for standard in STANDARD_KEYS:
        for binding in QKeySequence.keyBindings(standard):
            if binding.count() == 1:
                combination = binding[0]  # type: ignore[index]
                found.append((combination.key(), combination.keyboardModifiers()))
    return found


# Keys QTest can spell as text; for the others (Key_Copy, Key_Save...) it warns.
_SPELLED = (_K.Key_Insert, _K.Key_Delete)


def _press(qtbot: QtBot, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """Press and release, as a person would: ShortcutOverride first, then the key press."""
    if key.value < 0x0100_0000 or key in _SPELLED:
        qtbot.keyClick(widget, key, modifiers)
    else:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, "", modifiers)


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} '{widget.objectName()}'"


def select_everything(widget: QWidget) -> None:
    """Select all the text or items `widget` holds, by program (the user may not be able to)."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
        widget.selectAll()
    elif isinstance(widget, QLabel) and widget.text():
        widget.setSelection(0, len(widget.text()))
    elif isinstance(widget, QComboBox) and widget.lineEdit() is not None:
        widget.lineEdit().selectAll()
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        first = widget.model().index(0, 0)
        if first.isValid():
            # QAbstractItemView copies its current cell on Ctrl+C, whatever its selection.
            widget.setCurrentIndex(first)
        widget.selectAll()


def clear_clipboards() -> None:
    clipboard = QApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


def clipboard_leaks() -> list[str]:
    """What is on the clipboard or the X11 selection now, by mode and format (never the text)."""
    clipboard = QApplication.clipboard()
    modes = [QClipboard.Mode.Clipboard]
    if clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    leaks = []
    for mode in modes:
        data = clipboard.mimeData(mode)
        formats = data.formats() if data is not None else []
        if formats or clipboard.text(mode):
            leaks.append(f"{mode.name}: {', '.join(formats) or 'text'}")
    return leaks


def open_menus() -> list[str]:
    popup = QApplication.activePopupWidget()
    found = [_name(popup)] if popup is not None else []
    found += [
        _name(w) for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()
    ]
    return found


def _widgets(roots: Iterable[QWidget]) -> list[QWidget]:
    seen: dict[int, QWidget] = {}
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            seen.setdefault(id(widget), widget)
    return list(seen.values())


def assert_nothing_leaves(qtbot: QtBot, root_widgets: Iterable[QWidget]) -> None:
    """Fail if any key, menu or action gets anything out of the widgets under the roots."""
    roots = list(root_widgets)
    shortcuts = [*SHORTCUTS, *standard_shortcuts()]
    problems: list[str] = []
    clear_clipboards()
    for widget in _widgets(roots):
        select_everything(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        for key, modifiers in shortcuts:
            _press(qtbot, widget, key, modifiers)
            leaks = clipboard_leaks()
            if leaks:
                combination = QKeySequence(modifiers | key).toString()
                problems.append(f"{_name(widget)}: {combination} put {leaks} on the clipboard")
                clear_clipboards()
        centre = widget.rect().center()
        menu = QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard, centre, widget.mapToGlobal(centre)
        )
        QApplication.sendEvent(widget, menu)
        QApplication.processEvents()
        menus = open_menus()
        if menus:
            problems.append(f"{_name(widget)}: the context menu opened {menus}")
            for popup in [QApplication.activePopupWidget(), *QApplication.topLevelWidgets()]:
                if isinstance(popup, QMenu):
                    popup.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    problems += [f"action {a.text()!r} exports" for a in export_actions(app)]
    problems += [f"shortcut {s.key().toString()} exports" for s in export_shortcuts(app)]
    assert problems == [], "\n".join(problems)
