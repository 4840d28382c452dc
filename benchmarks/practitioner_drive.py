"""A practitioner at the keyboard: card in, PIN, search, open, the lead professional's phone.

    python -m benchmarks.practitioner_drive MANIFEST [--full-speed] [--only SCENARIO ...]

Runs in a process of its own (SoftHSM reads its configuration once per process) on the
served training home MANIFEST names, and prints one JSON line: a result per child. Keys
are real key events (QTest.keyClick on the focused widget), from the keyboard only, the
way tests/ui/test_keyboard_search.py drives the window: Enter searches and moves the focus
to the first match, arrows and Enter open a record. Between keys the driver waits on
conditions (the PIN dialog up and focused, the answer shown), never a fixed sleep; the
only waiting by the clock is the human pacing itself, which --full-speed turns off.

Each child is a call of its own, from signed out: the card is inserted on the lock screen,
the clock starts (reader.insert, as the training demo inserts a card), and it stops when
the lead professional's phone number is on screen (or the record's "No lead professional
is recorded", over the management team's numbers). A shielded child shows only four fields and the
way to ask the management team for contact; its clock stops when those are on screen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The pace of the practitioner: about 6 keys a second, and a second to think
# (read the screen, find the next thing to type) before each step.
KEYS_PER_SECOND = 6.0
THINK_SECONDS = 1.0
WAIT_SECONDS = 30.0
USER = "teacher"  # the cast's plain practitioner (desktop/training/users.py)
# Archived children leave the live directory: a practitioner's search never returns them
# (only the management team sees them), so there is no call to time.
NOT_FOR_PRACTITIONERS = ("archived",)

LEAD_PHONE = "lead professional's phone"
NO_LEAD = "no lead professional recorded"
SHIELDED = "shielded: four fields and how to ask for contact"
NOT_FOUND = "not among a practitioner's matches"


@dataclass(frozen=True)
class Pace:
    key_seconds: float  # between two keys
    think_seconds: float  # before each step

    @property
    def human(self) -> bool:
        return self.think_seconds > 0


HUMAN = Pace(1 / KEYS_PER_SECOND, THINK_SECONDS)
FULL_SPEED = Pace(0.0, 0.0)


def practitioner_children(
    scenarios: dict[str, Any], only: Iterable[str] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """(scenario, child) for every training child a practitioner may find, in the
    manifest's order; a pair's children are "twins 1" and "twins 2"."""
    wanted = set(only)
    out: list[tuple[str, dict[str, Any]]] = []
    for name, value in scenarios.items():
        if name in NOT_FOR_PRACTITIONERS or (wanted and name not in wanted):
            continue
        if isinstance(value, list):
            out += [(f"{name} {i}", c) for i, c in enumerate(value, 1)]
        else:
            out.append((name, value))
    return out


def typed_date(iso: str) -> str:
    """The date as a person in England types it (the form's dd/mm/yyyy)."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


class Driver:
    """The client's windows, driven as a person does; one `call` per child."""

    def __init__(self, manifest: dict[str, Any], pace: Pace) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.controller import Controller
        from desktop.policy import load_training_policy
        from smartcard import open_module
        from smartcard.simulated_reader import SimulatedReader
        from sync import DirectoryClient
        from ui.app import ClientApp
        from ui.no_export import install_no_export

        existing = QApplication.instance()
        self.app = existing if isinstance(existing, QApplication) else QApplication([])
        install_no_export(self.app)
        policy = load_training_policy(Path(manifest["policy_file"]), None)
        self.reader = SimulatedReader(open_module(policy.pkcs11_module))
        self.directory = DirectoryClient(policy.directory_url, verify=str(policy.ca_file))
        self.client = ClientApp(Controller(policy, self.reader, self.directory))
        self.user = next(u for u in manifest["users"] if u["token_label"] == USER)
        self.pace = pace
        self.paced = 0.0  # seconds of the current call spent at the person's pace
        self.client.start()
        self.until(self.client.lock_screen.isVisible)

    def close(self) -> None:
        self.client.stop()
        self.reader.remove()
        self.directory.close()

    # --- waiting ----------------------------------------------------------------------

    def until(self, done: Callable[[], bool], what: str = "the client") -> None:
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + WAIT_SECONDS
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {WAIT_SECONDS:.0f} s for {what}")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def _linger(self, seconds: float) -> None:
        """The person's own time: the event loop keeps running meanwhile."""
        if seconds <= 0:
            self.app.processEvents()
            return
        started = time.monotonic()
        self.until(lambda: time.monotonic() - started >= seconds)
        self.paced += time.monotonic() - started

    def think(self) -> None:
        self._linger(self.pace.think_seconds)

    # --- keys -------------------------------------------------------------------------

    def key(self, key: Any, modifiers: Any = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        target = QApplication.focusWidget()
        if target is None:
            raise RuntimeError("no widget has the keyboard focus")
        QTest.keyClick(target, key, modifiers or Qt.KeyboardModifier.NoModifier)
        self._linger(self.pace.key_seconds)

    def type(self, text: str) -> None:
        for char in text:
            self.key(char)

    def focused_on(self, widget: Any) -> Callable[[], bool]:
        from PySide6.QtWidgets import QApplication

        return lambda: QApplication.focusWidget() is widget

    # --- one call ---------------------------------------------------------------------

    def call(self, child: dict[str, Any]) -> dict[str, Any]:
        """Card in to the lead professional's phone on screen, for one child; then the
        card comes out and the lock screen is back."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit

        key = Qt.Key
        client = self.client
        self.paced = 0.0
        marks: dict[str, float] = {}
        started = time.perf_counter()

        def mark(name: str) -> None:
            marks[name] = (time.perf_counter() - started) * 1000

        self.reader.insert(self.user["token_label"])
        self.until(lambda: client.pin_dialog is not None and client.pin_dialog.isVisible(), "PIN")
        dialog = client.pin_dialog
        assert dialog is not None and dialog.pin_field is not None
        self._activate(dialog)
        self.until(self.focused_on(dialog.pin_field), "the PIN field's focus")
        mark("pin_dialog")
        self.think()
        self.type(self.user["pin"])
        self.key(key.Key_Return)
        self.until(lambda: client.window is not None and client.window.isVisible(), "sign-in")
        window = client.window
        assert window is not None
        self._activate(window)
        family = window.search_form.findChild(QLineEdit, "family_name")
        self.until(self.focused_on(family), "the search form's focus")
        mark("main_window")
        self.think()
        self.type(child["family_name"])
        self.key(key.Key_B, Qt.KeyboardModifier.AltModifier)  # "Date of &birth"
        self.think()
        self.type(typed_date(child["date_of_birth"]))
        self.key(key.Key_Return)
        results = window.results
        self.until(lambda: results.table.isEnabled(), "the search's answer")
        mark("results")
        ids = [row.cp_id for row in results.rows]
        shown = NOT_FOUND
        if child["cp_id"] in ids:
            self.until(self.focused_on(results.table), "the first match's focus")
            self.think()  # read the rows, find the child
            for _ in range(ids.index(child["cp_id"])):
                self.key(key.Key_Down)
            self.key(key.Key_Return)
            self.until(lambda: window.open_cp_id == child["cp_id"], "the record")
            self.until(lambda: on_screen(window.record) is not None, "the contact on screen")
            shown = on_screen(window.record) or NOT_FOUND
        mark("shown")
        elapsed = (time.perf_counter() - started) * 1000
        paced = self.paced * 1000
        self.reader.remove()
        self.until(lambda: not window.isVisible() and client.lock_screen.isVisible(), "lock")
        # Signed out (the lock screen's "Sign out"; not timed), so that every call is a
        # whole sign-in, the directory's session included, as at the start of a shift.
        client.controller.sign_out()
        self.until(lambda: client.window is None, "sign-out")
        return {"ms": elapsed, "paced_ms": paced, "shown": shown, "marks": marks}

    def _activate(self, window: Any) -> None:
        # Xvfb has no window manager to give a new window the keyboard, as a desktop does
        # when a window opens; the client asks for it itself (ClientApp._signed_in), and
        # the PIN dialog is given it here the same way.
        if not window.isActiveWindow():
            window.activateWindow()
        self.until(window.isActiveWindow, "the window's activation")


def on_screen(record: Any) -> str | None:
    """What the open record shows of who to contact, if it is painted on screen yet.

    The record draws each section as one label whose accessible name is its title and
    whose description its plain text (ui.record_text), which is what is read here."""
    from PySide6.QtWidgets import QLabel

    from ui.full_record import CONTACT_TITLE, NO_LEAD_TEXT
    from ui.shielded_view import BROKER_TITLE

    def shown(title: str) -> QLabel | None:
        for label in record.findChildren(QLabel):
            painted = label.isVisible() and not label.visibleRegion().isEmpty()
            if label.accessibleName() == title and painted:
                return label
        return None

    contact = shown(CONTACT_TITLE)
    if contact is not None:
        return NO_LEAD if NO_LEAD_TEXT in contact.accessibleDescription() else LEAD_PHONE
    if shown(BROKER_TITLE) is not None:
        return SHIELDED
    return None


def drive(manifest: dict[str, Any], pace: Pace, only: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Each practitioner's child in turn, one call each: a result per child."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    driver = Driver(manifest, pace)
    try:
        return [
            {"scenario": name, **driver.call(child)}
            for name, child in practitioner_children(manifest["scenarios"], only)
        ]
    finally:
        driver.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.practitioner_drive")
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--full-speed", action="store_true", help="no human pacing")
    parser.add_argument("--only", nargs="*", default=[], metavar="SCENARIO")
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    pace = FULL_SPEED if args.full_speed else HUMAN
    print(json.dumps(drive(manifest, pace, args.only)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
