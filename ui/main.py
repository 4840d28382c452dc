"""The `contactpoint` command: the desktop client, its training demo and its self-test, and
the process around the client's windows.

The command line lives in desktop.cli, which may not import the widgets (DESIGN.md 2);
this module hands it the one function that opens them, `open_client`, which makes the
QApplication, installs the no-export filter and capture protection, paints the lock
screen, builds the controller and runs ui.app.ClientApp until the person quits.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from desktop import MachinePolicy, cli, with_user_settings
from ui.first_paint import show_and_wait_for_paint
from ui.lock_screen import LockScreen
from ui.no_export import install_no_export
from ui.protect import install_protect_on_show


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_client=open_client)


def open_client(policy: MachinePolicy) -> int:
    """Open the desktop client on `policy` and run it until the user quits; the exit status.

    The no-export filter and capture protection are installed before the first window
    exists, so that no window is ever shown without them.
    """
    if no_screen():
        print(NO_SCREEN, file=sys.stderr)
        return 2
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("ContactPoint")
    # The lock screen is hidden while the main window is up and shown again when it goes:
    # quitting is an explicit act (closing the lock screen), never a side effect of that.
    app.setQuitOnLastWindowClosed(False)
    install_no_export(app)
    install_protect_on_show(app, policy.capture_protection)
    # The lock screen first, painted, and only then the rest: the card layer and its CA
    # bundle (cryptography), the directory client and the main window's modules load
    # behind it (issue 12: start under 1 s on a loaded machine). It asks for a card
    # before the card is watched for; the first poll, at once after, finds one put in.
    lock_screen = LockScreen(training=policy.training)
    lock_screen.show_insert_token()
    show_and_wait_for_paint(lock_screen)
    from desktop import StartupError, build_controller  # the controller, after the paint
    from ui.app import ClientApp  # and every window

    try:
        controller = build_controller(with_user_settings(policy))
    except StartupError as exc:
        lock_screen.close()
        print(f"contactpoint: {exc}", file=sys.stderr)
        return 2
    client = ClientApp(controller, machine=policy, lock_screen=lock_screen)
    client.lock_screen.installEventFilter(_QuitOnClose(app))
    client.start()
    try:
        return app.exec()
    finally:
        client.stop()


NO_SCREEN = (
    "contactpoint: there is no screen to open the client on (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set). Run it from a desktop session, or under xvfb-run."
)


def no_screen() -> bool:
    """On Linux, Qt without a display server aborts the process; say so instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class _QuitOnClose(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            QApplication.quit()
        return False


if __name__ == "__main__":
    sys.exit(main())
