"""Why a cache file cannot be used, in words fit for a log line (no path, no personal data).

A file in any of these states is removed and a fresh cache started: a cache holds only
what the directory can send again, so rebuilding loses nothing but time.
"""

from __future__ import annotations

from enum import Enum


class Damage(Enum):
    LOST_KEY = "its key is no longer in the system keyring"
    LOST_KEY_FILE = "its key file is missing, damaged or not this user's"
    UNREADABLE = "it cannot be read with this user's key"
    FOREIGN = "it is not a ContactPoint cache file"
    NEWER = "it was written by a newer version of ContactPoint"
    DAMAGED = "it is damaged"
    FAILED = "the disk refused it"


class Unusable(Exception):
    """Internal: this file cannot serve as the cache, for `reason`."""

    def __init__(self, reason: Damage, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        # An SQLite result name (SQLITE_CORRUPT...) for the helpdesk; never data.
        self.detail = detail
