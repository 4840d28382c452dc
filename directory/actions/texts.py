"""Free text a practitioner types (a justification, a message, a note): checked once, here.

Control characters other than line breaks and tabs are refused rather than stripped: a NUL
cannot be stored in PostgreSQL text, and the rest have no place in a note a person reads.
"""

from __future__ import annotations

from directory.errors import InvalidRequest

_ALLOWED_CONTROLS = frozenset("\n\r\t")


def free_text(value: str, what: str, longest: int, shortest: int = 1) -> str:
    """`value` stripped, or InvalidRequest saying how long `what` may be."""
    cleaned = value.strip()
    if any(ord(ch) < 0x20 and ch not in _ALLOWED_CONTROLS for ch in cleaned) or "\x7f" in cleaned:
        raise InvalidRequest(f"The {what} contains characters that cannot be stored.")
    if not shortest <= len(cleaned) <= longest:
        raise InvalidRequest(f"The {what} must be {shortest} to {longest} characters.")
    return cleaned
