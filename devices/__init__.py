"""Devices the client owns through one thread each, and the secrets it wipes (issue 10).

A leaf package: the standard library only, and nothing of ours, so that `smartcard`
(PKCS#11) and `sync.cache` (SQLCipher) can both build on it.

    DeviceWorker(name, device=..., stopped=...)   the one thread that owns a device
    on_worker                                      decorator: this method runs there
    wipe(bytearray)                                zero a PIN or key in place

Errors: `WrongThread` (a device used off its worker: a bug) and `WorkerStopped` (work
given to a closed device's worker, unless its owner chose its own error), both
RuntimeErrors.
"""

from __future__ import annotations

from devices.secrets import wipe
from devices.worker import DeviceWorker, HasWorker, WorkerStopped, WrongThread, on_worker

__all__ = ["DeviceWorker", "HasWorker", "WorkerStopped", "WrongThread", "on_worker", "wipe"]
