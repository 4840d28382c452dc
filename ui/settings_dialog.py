"""The Settings dialog: every setting as it runs, locked ones shown as locked (issue 5).

What it shows comes from `desktop.settings.SettingsModel`, which is built from the same
`apply_user_settings` call that decides what runs. So a locked setting is drawn read-only
with a padlock and "Locked by your administrator", and an editable one offers only what
the policy allows: a shorter idle timeout, a shorter cache or none, capture protection on,
the password asked. Connection settings the administrator left unlocked are free text,
checked as the policy file is checked; the first reason a value would be refused is shown
under the form and Save stays disabled.

    dialog = SettingsDialog(model, parent=window, training=policy.training)
    changes = dialog.ask()        # modal: {name: value or None}, or None when cancelled
    dialog.submitted.connect(save); dialog.open()     # or non-modal, with the signals

The dialog saves nothing itself: `submitted` carries the changed user settings (None for
"follow the policy again"), for `desktop.policy.save_user_changes`.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ACCESSIBILITY, CONNECTION, SettingsModel, SettingView, UserValue
from ui import modal
from ui.action_dialog import chain_tab_order, heading_label
from ui.lock_mark import LockMark
from ui.static_label import StaticLabel
from ui.training_banner import mark_training

TITLE: Final = "ContactPoint — settings"
EXPLANATION: Final = (
    "Your administrator's policy decides how ContactPoint runs on this computer. You can make "
    "a setting stricter than the policy, never weaker. Settings with a padlock are decided by "
    "your administrator and cannot be changed here."
)
# The letter of each label that Alt reaches it by; unique with the Save button's S.
_MNEMONIC: Final = {
    "idle_timeout_minutes": "L",
    "cache_hours": "O",
    "capture_protection": "r",
    "password_required": "P",
    "high_contrast": "H",
    "text_scale_percent": "z",
    "directory_url": "D",
    "ca_file": "C",
    "pkcs11_module": "t",
}
# (heading, the settings under it); the protection settings are the ones left.
_SECTIONS: Final = (
    ("Protection", None),
    ("Accessibility", ACCESSIBILITY),
    ("Connection", CONNECTION),
)
_HELP_STYLE: Final = "color: #4A4A4A;"
_NOTE_STYLE: Final = "color: #8A4500;"
_LOCKED_STYLE: Final = "background: #EFEFEF; color: #222222; border: 1px solid #B0B0B0;"
_NOTICE_STYLE: Final = (
    "background: #FFF4E0; color: #3A2200; border: 1px solid #B35C00;"
    " border-left: 4px solid #B35C00; padding: 6px;"
)
_STILL_NEEDED: Final = "color: #8A1F11;"

Editor = QComboBox | QLineEdit


def mnemonic_label(view: SettingView) -> str:
    """The row's caption with its Alt letter marked, e.g. "&Lock after inactivity"."""
    letter, label = _MNEMONIC[view.name], view.label
    # A word's first letter where there is one (Security &token), else the first found.
    starts = [i for i, c in enumerate(label) if c == letter and (i == 0 or label[i - 1] == " ")]
    index = starts[0] if starts else label.index(letter)
    return f"{label[:index]}&{label[index:]}"


class SettingsDialog(QDialog):
    """One row a setting; Save emits the changed user settings and closes."""

    submitted = Signal(object)  # dict[str, str | int | bool | None]
    cancelled = Signal()

    def __init__(
        self, model: SettingsModel, parent: QWidget | None = None, *, training: bool = False
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._editors: dict[str, Editor] = {}
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Settings", self))
        layout.addWidget(StaticLabel(EXPLANATION, self))
        for notice in model.notices:
            box = StaticLabel(notice, self)
            box.setObjectName("settingsNotice")
            box.setStyleSheet(_NOTICE_STYLE)
            box.setAccessibleName("Notice")
            box.setAccessibleDescription(notice)
            layout.addWidget(box)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        layout.addLayout(form)
        for heading, names in _SECTIONS:
            form.addRow(self._section(heading))
            for view in self._in_section(names):
                self._add_row(form, view)

        self._message = StaticLabel("", self)
        self._message.setObjectName("stillNeeded")
        self._message.setStyleSheet(_STILL_NEEDED)
        self._message.setAccessibleName("Cannot save")
        layout.addWidget(self._message)

        buttons = QDialogButtonBox(self)
        self._save = QPushButton("&Save", self)
        self._save.setObjectName("saveButton")
        self._save.setAccessibleName("Save settings")
        self._save.setAccessibleDescription(
            "Saves your changes; they apply the next time you start ContactPoint."
        )
        self._save.setDefault(True)
        buttons.addButton(self._save, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel.setAccessibleName("Cancel")
        self._cancel.setAccessibleDescription("Closes without saving.")
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        mark_training(self, training)
        editors = [self._editors[view.name] for view in self._ordered_views()]
        chain_tab_order([*editors, self._save, self._cancel])
        first_editable = next((e for e in editors if not _read_only(e)), self._cancel)
        first_editable.setFocus()
        self._refresh()

    # -- what tests and callers look at ------------------------------------------------------

    @property
    def save_button(self) -> QPushButton:
        return self._save

    @property
    def cancel_button(self) -> QPushButton:
        return self._cancel

    def editor(self, name: str) -> Editor:
        """The widget that shows (and, unless locked, changes) the setting `name`."""
        return self._editors[name]

    @property
    def still_needed(self) -> str | None:
        """Why Save is refused for the values entered (None when they may be saved)."""
        return self._message.text() or None

    def changes(self) -> dict[str, UserValue | None]:
        """The user settings the form's values would save."""
        return self._model.changes(self._wanted())

    def ask(self) -> dict[str, UserValue | None] | None:
        """Run modally: the changes saved (possibly none), or None when cancelled."""
        answer = modal.ask(self, self.submitted)
        return None if answer is None else answer[0]

    def reject(self) -> None:
        self.cancelled.emit()
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        # A top-level window is sized from its layout's minimum, which ignores how tall the
        # wrapped help lines are at the window's width: without this they overlap.
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.resize(self.width(), layout.totalHeightForWidth(self.width()))
        super().showEvent(event)

    # -- building ------------------------------------------------------------------------------

    def _ordered_views(self) -> list[SettingView]:
        return [view for _, names in _SECTIONS for view in self._in_section(names)]

    def _in_section(self, names: tuple[str, ...] | None) -> list[SettingView]:
        grouped = {*ACCESSIBILITY, *CONNECTION}
        return [
            view
            for view in self._model.settings
            if (view.name in names if names is not None else view.name not in grouped)
        ]

    def _section(self, text: str) -> QLabel:
        label = StaticLabel(text, self)
        label.setObjectName("section")
        label.setContentsMargins(0, 8, 0, 0)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def _add_row(self, form: QFormLayout, view: SettingView) -> None:
        cell = QWidget(self)
        cell.setObjectName(f"row_{view.name}")
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        column.addLayout(line)
        editor = self._make_editor(view, cell)
        self._editors[view.name] = editor
        line.addWidget(editor, 1)
        description = view.help
        if view.locked:
            assert view.lock_text is not None
            line.addWidget(LockMark(cell))
            lock = StaticLabel(view.lock_text, cell)
            lock.setObjectName("lockText")
            lock.setWordWrap(False)
            line.addWidget(lock)
            description = f"{view.lock_text}. {view.help}"
        help_text = StaticLabel(view.help, cell)
        help_text.setObjectName("help")
        help_text.setStyleSheet(_HELP_STYLE)
        # Wrapped, so that at 200% text (issue 12) the line fits the screen; showEvent
        # gives the window the height the wrapped lines need.
        help_text.setWordWrap(True)
        column.addWidget(help_text)
        if view.note:
            note = StaticLabel(view.note, cell)
            note.setObjectName("note")
            note.setStyleSheet(_NOTE_STYLE)
            note.setWordWrap(True)
            column.addWidget(note)
            description = f"{description} {view.note}"
        editor.setAccessibleName(view.label)
        editor.setAccessibleDescription(description)
        caption = QLabel(mnemonic_label(view) + ":", self)
        caption.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        caption.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        caption.setBuddy(editor)
        form.addRow(caption, cell)

    def _make_editor(self, view: SettingView, parent: QWidget) -> Editor:
        if not view.editable:
            # Read-only but focusable, so a keyboard or screen-reader user still reaches the
            # value and hears that it is locked.
            shown = QLineEdit(view.value_text, parent)
            shown.setReadOnly(True)
            shown.setObjectName("locked")
            shown.setStyleSheet(_LOCKED_STYLE)
            shown.setCursorPosition(0)
            _no_menu_or_drag(shown)
            return shown
        if view.is_text:
            edit = QLineEdit(view.value_text, parent)
            edit.setPlaceholderText(f"Your organisation's setting: {view.policy_value}")
            edit.setClearButtonEnabled(True)
            for clear in edit.findChildren(QToolButton):  # the line edit's own clear button
                clear.setAccessibleName("Clear")
                clear.setAccessibleDescription("Empties the field: your organisation's setting.")
            edit.setCursorPosition(0)
            _no_menu_or_drag(edit)
            edit.textChanged.connect(self._refresh)
            return edit
        combo = QComboBox(parent)
        combo.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        # Sized by the longest choice the combo would squeeze the captions beside it.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        for choice in view.choices:
            combo.addItem(choice.text, choice.value)
        values: list[object] = [choice.value for choice in view.choices]
        combo.setCurrentIndex(values.index(view.value))
        combo.currentIndexChanged.connect(self._refresh)
        return combo

    # -- behaviour -----------------------------------------------------------------------------

    def _wanted(self) -> dict[str, object]:
        wanted: dict[str, object] = {}
        for view in self._model.settings:
            if not view.editable:
                continue
            editor = self._editors[view.name]
            wanted[view.name] = (
                editor.currentData() if isinstance(editor, QComboBox) else editor.text()
            )
        return wanted

    def _refresh(self) -> None:
        changes = self.changes()
        reasons = self._model.refusals(changes)
        if reasons:
            name, reason = next(iter(sorted(reasons.items())))
            self._message.setText(f"{self._model.setting(name).label}: {reason}")
        else:
            self._message.setText("")
        self._message.setVisible(bool(reasons))
        self._save.setEnabled(bool(changes) and not reasons)

    def _on_save(self) -> None:
        self._refresh()  # Enter pressed before a field's change signal arrived
        if not self._save.isEnabled():
            return
        changes = self.changes()
        self.submitted.emit(changes)
        self.accept()


def _read_only(editor: Editor) -> bool:
    return isinstance(editor, QLineEdit) and editor.isReadOnly()


def _no_menu_or_drag(edit: QLineEdit) -> None:
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    edit.setDragEnabled(False)
    edit.setAcceptDrops(False)
