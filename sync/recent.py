"""The last requests this process sent to the directory: correlation id, outcome, time.

The client makes each request's correlation id itself and sends it (X-Correlation-ID), so
that a request which never got an answer still has one the user can read out, and the
directory's request log and the helpdesk's lookup meet it. The diagnostics report lists
these. Nothing else is kept: never the path (a child's paths hold a ContactPoint ID), the
body or the answer. In memory only: the disk holds nothing but the encrypted cache.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Final

KEPT: Final = 20
UNREACHABLE: Final = "no answer"


def new_correlation_id() -> str:
    """Random, so that it says nothing about the user or the order of requests."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class RecentRequest:
    correlation_id: str
    # "200", "403 forbidden" (status and the directory's error code), or UNREACHABLE.
    outcome: str
    at: dt.datetime


class RecentRequests:
    """A ring of the last KEPT requests; safe to note from the client's pool of threads."""

    def __init__(self, kept: int = KEPT) -> None:
        self._ring: deque[RecentRequest] = deque(maxlen=kept)
        self._lock = threading.Lock()

    def note(self, correlation_id: str, outcome: str) -> None:
        entry = RecentRequest(correlation_id, outcome, dt.datetime.now(dt.UTC))
        with self._lock:
            self._ring.append(entry)

    def latest(self) -> list[RecentRequest]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._ring))


# One per process: the directory client and the diagnostics' own probes both note here.
RECENT = RecentRequests()
