"""Make a widget tree show children's data without letting any of it out (DESIGN.md 4).

`lock_down(root)` walks the whole tree as it is now: call it again after adding widgets.
Every widget loses its context menu and drop target; labels lose text interaction (no
selection, no links); item views lose selection, drag and editing; text fields become
read-only and unreachable by mouse or focus, since a read-only field can still be selected
and dragged from. Item views and text widgets also get a key filter for the copy shortcuts:
QAbstractItemView copies its current cell on Ctrl+C by itself, whatever its selection mode.
The application-wide filter (ui.no_export) swallows those keys too; this is the second wall
for views that are shown before it is installed, or in tests.

`interaction_leaks(root)` lists what in a tree still allows any of that, by class and
object name only (never text), for tests and self-checks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_COPY_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.SelectAll,
)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
_FILTER_NAME = "readonly_copy_filter"


class _CopyKeyFilter(QObject):
    """Swallows copy, cut and select-all (and their alternative keys) on one widget."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _KEY_EVENTS and isinstance(event, QKeyEvent) and _is_copy(event):
            event.accept()
            return True
        return False


def _is_copy(event: QKeyEvent) -> bool:
    if any(event.matches(key) for key in _COPY_KEYS):
        return True
    # Ctrl+Insert copies on every platform's text widgets, whether or not the platform maps
    # StandardKey.Copy to it.
    ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(ctrl) and event.key() == Qt.Key.Key_Insert


def _guard_keys(widget: QWidget) -> None:
    if widget.findChild(_CopyKeyFilter, _FILTER_NAME, Qt.FindChildOption.FindDirectChildrenOnly):
        return
    guard = _CopyKeyFilter(widget)
    guard.setObjectName(_FILTER_NAME)
    widget.installEventFilter(guard)


def _lock_item_view(view: QAbstractItemView) -> None:
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setDragEnabled(False)
    view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    _guard_keys(view)


def _lock_text_field(widget: QWidget) -> None:
    # Read-only text can still be selected by mouse and keyboard: take both away.
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    _guard_keys(widget)


def _lock_one(widget: QWidget) -> None:
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    widget.setAcceptDrops(False)
    if isinstance(widget, QLabel):
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        widget.setOpenExternalLinks(False)
    elif isinstance(widget, QAbstractItemView):
        _lock_item_view(widget)
    elif isinstance(widget, QLineEdit):
        widget.setReadOnly(True)
        widget.setDragEnabled(False)
        _lock_text_field(widget)
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        widget.setReadOnly(True)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        _lock_text_field(widget)
    elif isinstance(widget, QAbstractSpinBox):
        widget.setReadOnly(True)
    elif isinstance(widget, QComboBox):
        widget.setEditable(False)


def lock_down(widget: QWidget) -> None:
    """No selection, drag, drop, context menu, editing or copy anywhere in the tree."""
    _lock_one(widget)
    for child in widget.findChildren(QWidget):
        _lock_one(child)


def _leak(widget: QWidget) -> str | None:
    if widget.contextMenuPolicy() != Qt.ContextMenuPolicy.NoContextMenu:
        return "context menu"
    if widget.acceptDrops():
        return "accepts drops"
    if isinstance(widget, QLabel):
        if widget.textInteractionFlags() != Qt.TextInteractionFlag.NoTextInteraction:
            return "text interaction"
    elif isinstance(widget, QAbstractItemView):
        if widget.selectionMode() != QAbstractItemView.SelectionMode.NoSelection:
            return "selection"
        if (
            widget.dragEnabled()
            or widget.dragDropMode() != QAbstractItemView.DragDropMode.NoDragDrop
        ):
            return "drag"
        if widget.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers:
            return "editable"
    elif isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        if not widget.isReadOnly():
            return "editable"
        if not widget.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents):
            return "selectable by mouse"
    return None


def interaction_leaks(root: QWidget) -> list[str]:
    """ "ClassName 'object name': what it allows" for every widget that is not locked down."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        leak = _leak(widget)
        if leak is not None:
            found.append(f"{type(widget).__name__} '{widget.objectName()}': {leak}")
    return found
