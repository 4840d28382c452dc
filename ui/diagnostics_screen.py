"""Opens the Diagnostics window and has the controller make its report (issue 13).

    screen = DiagnosticsScreen(controller, machine)
    screen.open()        # from the lock screen or the main window (F1): one window, raised

The window is a top-level of its own, outside the lock's reach: it holds no personal data,
and the lock screen offers it to a user who cannot sign in. A report still being made when
the window closes is dropped, and a Refresh drops the one before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop import Controller, MachinePolicy, Operation
from ui.diagnostics_window import DiagnosticsWindow

if TYPE_CHECKING:
    from desktop import Report


class DiagnosticsScreen(QObject):
    def __init__(
        self, controller: Controller, machine: MachinePolicy, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._machine = machine
        self.window: DiagnosticsWindow | None = None
        self._making: Operation[Report] | None = None
        self._asking: Operation[str] | None = None

    def open(self) -> None:
        if self.window is None:
            self.window = DiagnosticsWindow()
            self.window.refresh_requested.connect(self._make)
            self.window.finished.connect(self._closed)
            self.window.lookup_requested.connect(self._look_up)
            user = self._controller.user
            if user is not None and "helpdesk" in user.roles:
                self.window.enable_lookup()  # the directory refuses anyone else anyway
            self._make()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def close(self) -> None:
        if self.window is not None:
            self.window.close()

    def _make(self) -> None:
        window = self.window
        if window is None:
            return
        if self._making is not None:
            self._making.cancel()
        window.show_making()
        self._making = self._controller.diagnostics(
            self._machine,
            success=lambda report: window.show_report(report.text()),
            failure=lambda problem: window.show_problem(problem.text),
        )

    def _look_up(self, correlation_id: str) -> None:
        window = self.window
        if window is None:
            return
        if self._asking is not None:
            self._asking.cancel()
        self._asking = self._controller.support_lookup(
            correlation_id,
            success=window.show_lookup,
            failure=lambda problem: window.show_lookup(problem.text),
        )

    def _closed(self) -> None:
        if self._asking is not None:
            self._asking.cancel()
            self._asking = None
        if self._making is not None:
            self._making.cancel()
            self._making = None
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
