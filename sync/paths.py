"""What may go into a URL path the client builds: a child's ContactPoint ID in its own
paths, an opaque handle, and bodies with dates as ISO days. Anything that could change a
path is refused here, before it is sent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_HANDLE_TEXT = re.compile(r"[A-Za-z0-9_-]{1,64}")


def jsonable(body: Mapping[str, Any]) -> dict[str, Any]:
    # Dates are sent as ISO 8601 days, which is how the directory's bodies take them.
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in body.items()
    }


def child_segment(cp_id: str) -> str:
    # People copy IDs with spaces and hyphens, which the directory ignores; anything else
    # that could change the path ("/", "?", "%") is refused here rather than sent.
    compact = cp_id.replace(" ", "").replace("-", "")
    if not compact or not compact.isascii() or not compact.isalnum():
        raise ValueError("A ContactPoint ID holds only digits, spaces and hyphens.")
    return compact


def handle_segment(handle: str, message: str) -> str:
    """An opaque handle (an involvement's, an alert's, a request's id) as a path segment.

    Handles are URL-safe base64; anything else could change the path, so it is refused
    here with `message` rather than sent (the directory would answer 404 anyway).
    """
    if not isinstance(handle, str) or not _HANDLE_TEXT.fullmatch(handle):
        raise ValueError(message)
    return handle
