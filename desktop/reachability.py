"""Whether the directory answers: online, or unreachable with a reason a person can read.

Every directory call reports here: no answer at all makes the directory unreachable, any
answer (a refusal included) makes it online. While it is unreachable a timer asks its
health check every `interval_ms` (15 s) on the runner, so that the status comes back by
itself once the network does; the GUI thread never waits for it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.identity import ONLINE, DirectoryStatus
from desktop.operations import Operation, Runner
from sync import DirectoryClient, DirectoryRefused, DirectoryUnreachable, MalformedResponse

log = logging.getLogger(__name__)

PROBE_INTERVAL_MS = 15_000
NOT_HEALTHY = "the directory answered, but is not working normally just now"


class Reachability(QObject):
    """The directory's status; `changed(DirectoryStatus)` on every change."""

    changed = Signal(object)

    def __init__(
        self,
        client: DirectoryClient,
        runner: Runner,
        interval_ms: int = PROBE_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._runner = runner
        self._status = ONLINE
        self._active = False
        self._probe: Operation[bool] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.probe_now)

    @property
    def status(self) -> DirectoryStatus:
        return self._status

    def start(self) -> None:
        self._active = True
        self.probe_now()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()
        if self._probe is not None:
            self._probe.cancel()
            self._probe = None

    def answered(self) -> None:
        self._set(ONLINE)

    def unreachable(self, reason: str) -> None:
        self._set(DirectoryStatus(online=False, reason=reason))

    def failed(self, error: Exception) -> None:
        """What a failed directory call says about the directory: no answer at all makes it
        unreachable, any answer (a refusal, or one that cannot be read) online."""
        if isinstance(error, DirectoryUnreachable):
            self.unreachable(error.message)
        elif isinstance(error, DirectoryRefused | MalformedResponse):
            self.answered()

    def probe_now(self) -> None:
        """Ask the health check now (one question at a time)."""
        if not self._active or self._probe is not None:
            return
        self._probe = self._runner.run(
            self._client.health, success=self._probed, failure=self._probe_failed
        )

    def _probed(self, healthy: bool) -> None:
        self._probe = None
        if healthy:
            self.answered()
        else:
            self.unreachable(NOT_HEALTHY)

    def _probe_failed(self, error: Exception) -> None:
        self._probe = None
        if isinstance(error, DirectoryUnreachable):
            self.unreachable(error.message)
        else:  # health() turns every answer into a bool: this is a defect, not the network
            log.error("directory health probe failed (%s)", type(error).__name__)
            self.unreachable(NOT_HEALTHY)

    def _set(self, status: DirectoryStatus) -> None:
        if status.online or not self._active:
            self._timer.stop()
        elif not self._timer.isActive():
            self._timer.start()
        if status == self._status:
            return
        self._status = status
        log.info("directory %s", "online" if status.online else "unreachable")
        self.changed.emit(status)
