"""No way out for data: the application-wide filter (DESIGN.md 4, "No download or export").

    no_export = install_no_export(app)     # once, before the first window
    export_actions(app) -> list[QAction]   # any print/save/export/copy command: must be []
    copy_support_report(app, text)         # the one copy allowed: the support report

The filter sits in front of every object of the application and swallows, before any widget
or shortcut sees them:

* the keys that copy, cut, select all, print or save: the platform's standard keys
  (QKeyEvent.matches) and the usual combinations spelled out, because platforms map the
  standard keys differently (Ctrl+Insert and Shift+Delete copy and cut on Windows and X11
  whatever the theme says), as KeyPress and as ShortcutOverride, so that no QAction or
  QShortcut bound to them can fire either;
* every context menu, whichever widget or policy would have opened it;
* every drag into the application (nothing here accepts a drop).

Drags out of the application are stopped at their source: the start-drag distance becomes
larger than any screen, so that no widget's mouse handling ever begins a QDrag
(ui.readonly also turns dragging off on the record and result views). And whatever does
reach the clipboard or the X11 selection while the application owns it is wiped at once: a
selection made with the mouse in a text field lands in the X11 primary selection without
any key being pressed.

Paste stays: it brings nothing out. The filter never records or logs which keys were typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final, cast

import shiboken6
from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QClipboard, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

_K = Qt.Key
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_NONE = Qt.KeyboardModifier.NoModifier
# Keypad Insert/Delete carry KeypadModifier; it changes nothing about what they do.
_IGNORED = Qt.KeyboardModifier.KeypadModifier

STANDARD_KEYS: Final = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Print,
    QKeySequence.StandardKey.Save,
    QKeySequence.StandardKey.SaveAs,
)
# Exact combinations: Ctrl+Alt (AltGr on Windows) types letters such as ć, ś and ą, which
# people's names need, so only these exact modifier sets are taken away.
COMBINATIONS: Final = frozenset(
    (key.value, modifiers.value)
    for key, modifiers in (
        (_K.Key_C, _CTRL),
        (_K.Key_X, _CTRL),
        (_K.Key_A, _CTRL),
        (_K.Key_P, _CTRL),
        (_K.Key_S, _CTRL),
        (_K.Key_Insert, _CTRL),
        (_K.Key_Delete, _SHIFT),
        (_K.Key_C, _CTRL | _SHIFT),  # copy in terminals and some toolkits
        (_K.Key_S, _CTRL | _SHIFT),  # save as
        (_K.Key_P, _CTRL | _SHIFT),  # print preview / print setup
        (_K.Key_Copy, _NONE),  # dedicated keys on some keyboards
        (_K.Key_Cut, _NONE),
    )
)
_KEY_EVENTS: Final = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
_DROP_EVENTS: Final = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
# Larger than any screen: a drag begins only after the pointer has moved this far.
NO_DRAG_DISTANCE: Final = 1_000_000
# Word starts, so that "Print…", "Save as", "Exporting" and "Copy link" are all caught.
_EXPORT_WORDS: Final = re.compile(r"\b(print|save|export|cop(y|ies)|cut|download)", re.IGNORECASE)


def is_export_key(event: QKeyEvent) -> bool:
    """True for a key event that would copy, cut, select all, print or save."""
    if any(event.matches(key) for key in STANDARD_KEYS):
        return True
    modifiers = event.modifiers() & ~_IGNORED
    return (event.key(), modifiers.value) in COMBINATIONS


class NoExportFilter(QObject):
    """The application-wide event filter; get one with `install_no_export`."""

    def __init__(
        self,
        app: QApplication,
        *,
        owns: Callable[[QClipboard.Mode], bool] | None = None,
    ) -> None:
        super().__init__(app)
        self.setObjectName("no_export_filter")
        self._app = app
        self._clipboard = app.clipboard()
        # Whether this application owns a clipboard mode. Qt's answer; tests inject one
        # because the offscreen platform never reports ownership.
        self._owns = owns or self._qt_owns
        self._drag_distance = app.startDragDistance()
        self._installed = False
        self._wiping = False
        # The one text allowed to stay on the clipboard: the support report, put there by
        # its "Copy report" button (copy_support_report), for a helpdesk ticket.
        self._allowed: str | None = None

    def install(self) -> None:
        if self._installed:
            return
        self._app.installEventFilter(self)
        self._app.setStartDragDistance(NO_DRAG_DISTANCE)
        self._clipboard.changed.connect(self._wipe_own)
        self._installed = True

    def uninstall(self) -> None:
        """Undo `install` (tests share one QApplication; the client never uninstalls)."""
        if not self._installed:
            return
        self._app.removeEventFilter(self)
        self._app.setStartDragDistance(self._drag_distance)
        self._clipboard.changed.disconnect(self._wipe_own)
        self._installed = False

    @property
    def installed(self) -> bool:
        return self._installed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _KEY_EVENTS:
            if isinstance(event, QKeyEvent) and is_export_key(event):
                # Accepted: a ShortcutOverride accepted here fires no shortcut, and the key
                # press that follows is swallowed here too; nothing propagates to parents.
                event.accept()
                return True
            return False
        if kind == QEvent.Type.ContextMenu:
            event.accept()
            return True
        if kind in _DROP_EVENTS:
            event.ignore()  # refused: the drag shows "no drop" and nothing lands
            return True
        return False

    def _qt_owns(self, mode: QClipboard.Mode) -> bool:
        if mode == QClipboard.Mode.Clipboard:
            return self._clipboard.ownsClipboard()
        if mode == QClipboard.Mode.Selection:
            return self._clipboard.ownsSelection()
        return self._clipboard.ownsFindBuffer()

    def _wipe_own(self, mode: QClipboard.Mode) -> None:
        # Clearing emits `changed` again (and gives up ownership on every platform that
        # reports it); the flag makes sure that second signal finds nothing to do.
        if self._wiping or not self._owns(mode):
            return
        if mode == QClipboard.Mode.Clipboard and self._allowed is not None:
            if self._clipboard.text(mode) == self._allowed:
                return
            self._allowed = None  # anything else put there goes, and so does the allowance
        self._wiping = True
        try:
            self._clipboard.clear(mode)
        finally:
            self._wiping = False

    def copy_support_report(self, text: str) -> None:
        """Put the support report on the clipboard: the one copy the client allows. It holds
        no personal data (desktop.diagnostics); nothing else may stay there."""
        self._allowed = text
        self._clipboard.setText(text, QClipboard.Mode.Clipboard)


def copy_support_report(app: QApplication, text: str) -> None:
    """The support report to the clipboard, through the filter (which must be installed)."""
    no_export = app.findChild(NoExportFilter, "no_export_filter")
    if not isinstance(no_export, NoExportFilter):
        raise RuntimeError("the no-export filter is not installed")
    no_export.copy_support_report(text)


def install_no_export(
    app: QApplication, *, owns: Callable[[QClipboard.Mode], bool] | None = None
) -> NoExportFilter:
    """Install the filter on `app` (once, before the first window opens) and return it."""
    existing = app.findChild(NoExportFilter, "no_export_filter")
    no_export = existing if isinstance(existing, NoExportFilter) else NoExportFilter(app, owns=owns)
    no_export.install()
    return no_export


def _combination(sequence: QKeySequence) -> tuple[int, int] | None:
    if sequence.count() != 1:
        return None
    combination: QKeyCombination = cast(Any, sequence)[0]  # PySide's stubs lack __getitem__
    modifiers = combination.keyboardModifiers() & ~_IGNORED
    return combination.key().value, modifiers.value


def export_sequences() -> set[tuple[int, int]]:
    """Every blocked key as (key, modifiers): the combinations and this platform's bindings."""
    blocked = set(COMBINATIONS)
    for standard in STANDARD_KEYS:
        for binding in QKeySequence.keyBindings(standard):
            combination = _combination(binding)
            if combination is not None:
                blocked.add(combination)
    return blocked


def is_export_action(action: QAction | QShortcut, blocked: set[tuple[int, int]]) -> bool:
    """True for a command whose words or keys would print, save, export, copy or cut."""
    if isinstance(action, QAction):  # a QShortcut has keys only
        words = f"{action.text()} {action.iconText()} {action.toolTip()}".replace("&", "")
        if _EXPORT_WORDS.search(words):
            return True
        sequences: Iterable[QKeySequence] = action.shortcuts()
    else:
        sequences = [action.key()]
    return any(_combination(s) in blocked for s in sequences)


def _commands(app: QApplication) -> list[QAction | QShortcut]:
    found: dict[int, QAction | QShortcut] = {}
    owners: list[QObject] = [app, *app.allWidgets()]
    for owner in owners:
        actions = owner.actions() if isinstance(owner, QWidget) else []
        for command in [*actions, *owner.findChildren(QAction), *owner.findChildren(QShortcut)]:
            # A widget of a window being torn down can still list an action whose C++ side
            # is already gone; it can export nothing, and touching it would raise.
            if isinstance(command, QAction | QShortcut) and shiboken6.isValid(command):
                found.setdefault(id(command), command)
    return [command for command in found.values() if shiboken6.isValid(command)]


def _exports(command: QAction | QShortcut, blocked: set[tuple[int, int]]) -> bool:
    try:
        return is_export_action(command, blocked)
    except RuntimeError:
        # Deleted on the C++ side meanwhile (a garbage-collected window's action): gone.
        return False


def export_actions(app: QApplication) -> list[QAction]:
    """Every QAction in the application that prints, saves, exports or copies; must be []."""
    blocked = export_sequences()
    return [c for c in _commands(app) if isinstance(c, QAction) and _exports(c, blocked)]


def export_shortcuts(app: QApplication) -> list[QShortcut]:
    """Every QShortcut bound to a blocked key; must be []."""
    blocked = export_sequences()
    return [c for c in _commands(app) if isinstance(c, QShortcut) and _exports(c, blocked)]
