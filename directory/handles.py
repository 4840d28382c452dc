"""Opaque handles: how a viewer names an involvement, an alert or a request (issue 9).

A handle is 128 random bits from `secrets`, URL-safe base64 without padding: 22 characters.
It is never derived from a row id, so one handle tells nothing about another, about how many
rows exist, or about rows the viewer may not see (a gap in consecutive ids did: DESIGN.md
3.3 promises "no trace" of a sensitive involvement). Row ids stay internal primary keys.

A path parameter that is not handle-shaped is answered exactly like a handle that names
nothing (404 not_found), never 422 or 500: `parse` returns None for it and the caller
treats None as unknown without querying.
"""

from __future__ import annotations

import re
import secrets

HANDLE_BYTES = 16
HANDLE_LENGTH = 22  # ceil(16 * 8 / 6): base64 of 16 bytes without its "==" padding
_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{HANDLE_LENGTH}}}")


def new_handle() -> str:
    return secrets.token_urlsafe(HANDLE_BYTES)


def parse(text: object) -> str | None:
    """`text` if it has the shape of a handle, else None (to be answered as unknown)."""
    if isinstance(text, str) and _SHAPE.fullmatch(text):
        return text
    return None
