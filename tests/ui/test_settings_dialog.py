"""The Settings dialog: locked settings read-only with the lock and its words, editable ones
offering only stricter values, connection settings checked as the policy file is, and Save
emitting exactly the changed user settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.policy import MachinePolicy
from desktop.settings import LOCKED_TEXT, SettingsModel
from tests.ui.keyboard import focus_targets, tab_stops
from tests.ui.modal import answer_modal
from tests.ui.render import render
from tests.ui.texts import label_texts
from ui.lock_mark import LockMark
from ui.settings_dialog import SettingsDialog
from ui.training_banner import TrainingBanner

URL = "https://directory.example.org"
ORDERED = ("idle_timeout_minutes", "cache_hours", "capture_protection", "password_required")
ACCESSIBILITY = ("high_contrast", "text_scale_percent")
VISIBLE_ORDER = (*ORDERED, *ACCESSIBILITY, "directory_url", "ca_file", "pkcs11_module")


def machine(**changes: Any) -> MachinePolicy:
    values: dict[str, Any] = {
        "directory_url": URL,
        "ca_file": Path("/etc/contactpoint/ca.pem"),
        "pkcs11_module": Path("/usr/lib/p11.so"),
        "idle_timeout_minutes": 15,
        "cache_hours": 8,
        "capture_protection": False,
        "password_required": False,
    }
    values.update(changes)
    return MachinePolicy(**values)


LOCKED = machine(
    capture_protection=True,
    locked=frozenset({"idle_timeout_minutes", "directory_url", "ca_file", "pkcs11_module"}),
)


def dialog_for(
    qtbot: QtBot,
    policy: MachinePolicy = LOCKED,
    user: dict[str, object] | None = None,
    *,
    training: bool = False,
    problem: str | None = None,
) -> SettingsDialog:
    model = SettingsModel.build(policy, user or {}, file_problem=problem)
    dialog = SettingsDialog(model, training=training)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def combo(dialog: SettingsDialog, name: str) -> QComboBox:
    editor = dialog.editor(name)
    assert isinstance(editor, QComboBox)
    return editor


def line(dialog: SettingsDialog, name: str) -> QLineEdit:
    editor = dialog.editor(name)
    assert isinstance(editor, QLineEdit)
    return editor


def row(dialog: SettingsDialog, name: str) -> QWidget:
    found = dialog.findChild(QWidget, f"row_{name}")
    assert found is not None
    return found


def choose(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def test_every_setting_is_listed_with_the_value_in_force(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, user={"cache_hours": 2})
    assert dialog.windowTitle() == "ContactPoint — settings"
    assert dialog.findChild(TrainingBanner) is None
    captions = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    assert captions == [
        "&Lock after inactivity:",
        "&Offline copy of records:",
        "Sc&reen-capture protection:",
        "&Password at sign-in:",
        "&High contrast:",
        "Text si&ze:",
        "&Directory address:",
        "&Certificate authorities:",
        "Security &token driver:",
    ]
    assert line(dialog, "idle_timeout_minutes").text() == "15 minutes"
    assert combo(dialog, "cache_hours").currentData() == 2
    assert combo(dialog, "capture_protection").currentText().startswith("On")
    assert line(dialog, "directory_url").text() == URL
    # Nothing has changed yet, so there is nothing to save.
    assert not dialog.save_button.isEnabled() and dialog.still_needed is None


def test_a_locked_setting_is_read_only_with_the_lock_and_the_words(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    for name in ("idle_timeout_minutes", "directory_url", "ca_file", "pkcs11_module"):
        editor = line(dialog, name)
        assert editor.isReadOnly(), name
        assert row(dialog, name).findChild(LockMark) is not None, name
        assert LOCKED_TEXT in label_texts(row(dialog, name)), name
        assert editor.accessibleDescription().startswith(LOCKED_TEXT), name
        assert editor.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    for name in ("cache_hours", "capture_protection", "password_required"):
        assert row(dialog, name).findChild(LockMark) is None, name
        assert LOCKED_TEXT not in label_texts(row(dialog, name)), name
    # Typing into a locked setting changes nothing and saves nothing.
    idle = line(dialog, "idle_timeout_minutes")
    idle.setFocus()
    qtbot.keyClicks(idle, "120")
    qtbot.keyClick(idle, Qt.Key.Key_Backspace)
    assert idle.text() == "15 minutes"
    assert dialog.changes() == {} and not dialog.save_button.isEnabled()


def test_editable_settings_offer_only_stricter_values(qtbot: QtBot) -> None:
    policy = machine(idle_timeout_minutes=20, cache_hours=4, capture_protection=True)
    dialog = dialog_for(qtbot, policy)
    idle = combo(dialog, "idle_timeout_minutes")
    minutes = [idle.itemData(i) for i in range(idle.count())]
    assert minutes == [1, 2, 3, 5, 10, 15, 20] and max(minutes) == policy.idle_timeout_minutes
    assert idle.currentData() == 20
    cache = combo(dialog, "cache_hours")
    assert [cache.itemData(i) for i in range(cache.count())] == [0, 1, 2, 4]
    assert cache.itemText(0) == "Off — nothing is kept on this computer"
    # Capture protection is on in the policy: turning it off is not offered at all.
    capture = combo(dialog, "capture_protection")
    assert [capture.itemData(i) for i in range(capture.count())] == [True]
    password = combo(dialog, "password_required")
    assert [password.itemData(i) for i in range(password.count())] == [True, False]


def test_save_emits_the_changed_settings(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, user={"cache_hours": 2})
    choose(combo(dialog, "cache_hours"), 8)  # the policy's own value: follow the policy
    choose(combo(dialog, "password_required"), True)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as sent:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sent.args == [{"cache_hours": None, "password_required": True}]
    assert not dialog.isVisible()


def test_a_connection_setting_is_checked_as_the_policy_file_is(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, machine())
    url = line(dialog, "directory_url")
    assert not url.isReadOnly()
    url.setText("http://directory.example.org")
    assert dialog.still_needed is not None
    assert dialog.still_needed.startswith("Directory address:")
    assert "not https" in dialog.still_needed
    assert not dialog.save_button.isEnabled()
    # Enter does not get round the check.
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.keyClick(url, Qt.Key.Key_Return)
    assert dialog.isVisible()
    url.setText("https://other.example.org")
    assert dialog.still_needed is None and dialog.save_button.isEnabled()
    assert dialog.changes() == {"directory_url": "https://other.example.org"}
    url.clear()  # empty: follow the policy, which is what runs already
    assert dialog.changes() == {} and not dialog.save_button.isEnabled()
    ca = line(dialog, "ca_file")
    ca.setText("ca.pem")
    assert dialog.still_needed is not None and "absolute" in dialog.still_needed


def test_ask_returns_the_changes_and_cancel_returns_none(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)

    def pick_and_save() -> None:
        choose(combo(dialog, "cache_hours"), 0)
        qtbot.keyClick(combo(dialog, "cache_hours"), Qt.Key.Key_Return)

    assert answer_modal(dialog, dialog.ask, pick_and_save) == {"cache_hours": 0}
    again = dialog_for(qtbot)

    def change_then_escape() -> None:
        choose(combo(again, "cache_hours"), 0)
        qtbot.keyClick(combo(again, "cache_hours"), Qt.Key.Key_Escape)

    with (
        qtbot.waitSignal(again.cancelled, timeout=1000),
        qtbot.assertNotEmitted(again.submitted),
    ):
        assert answer_modal(again, again.ask, change_then_escape) is None


def test_keyboard_reaches_every_setting_in_order(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    editors = [dialog.editor(name) for name in VISIBLE_ORDER]
    # Focus starts on the first setting that can be changed.
    assert dialog.focusWidget() is combo(dialog, "cache_hours")
    choose(combo(dialog, "cache_hours"), 0)  # so that Save is enabled, and a tab stop
    assert tab_stops(editors[0], 10) == focus_targets(
        [*editors[1:], dialog.save_button, dialog.cancel_button]
    )
    letters = [
        label.text().split("&")[1][0].lower()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
    ]
    assert len(set(letters)) == len(letters) and "s" not in letters  # &Save
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            assert label.buddy().accessibleName() == label.text().replace("&", "")[:-1]


def test_notes_and_notices_are_shown(qtbot: QtBot) -> None:
    problem = "Your settings file /home/u/settings.json is not valid JSON. It is ignored."
    dialog = dialog_for(
        qtbot, LOCKED, {"idle_timeout_minutes": 5, "cache_hours": 24}, problem=problem
    )
    texts = label_texts(dialog)
    assert problem in texts
    assert "Your saved setting is not used: locked by the administrator." in label_texts(
        row(dialog, "idle_timeout_minutes")
    )
    assert (
        "Your saved setting is not used: a longer cache lifetime than the machine policy allows."
        in label_texts(row(dialog, "cache_hours"))
    )


def test_training_marks_the_dialog_and_keeps_the_training_directory(qtbot: QtBot) -> None:
    policy = machine(directory_url="http://127.0.0.1:8443", training=True)
    dialog = dialog_for(qtbot, policy, {"directory_url": URL}, training=True)
    assert dialog.findChild(TrainingBanner) is not None
    assert dialog.windowTitle().endswith(" — TRAINING")
    url = line(dialog, "directory_url")
    assert url.isReadOnly() and url.text() == "http://127.0.0.1:8443"
    assert "Set by the training environment" in label_texts(row(dialog, "directory_url"))


def test_render_settings_dialog(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, LOCKED, {"cache_hours": 2, "idle_timeout_minutes": 5})
    assert render(dialog, "settings_dialog").exists()
    unlocked = dialog_for(qtbot, machine(), problem="Your settings file is ignored.")
    line(unlocked, "directory_url").setText("http://directory.example.org")
    assert render(unlocked, "settings_dialog_refused").exists()
    policy = machine(directory_url="http://127.0.0.1:8443", training=True)
    training = dialog_for(qtbot, policy, training=True)
    assert render(training, "settings_dialog_training").exists()
