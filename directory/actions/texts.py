"""Free text a practitioner types (a justification, a message, a note): checked once, here.

Control characters other than line breaks and tabs are refused rather than stripped
(contract.limits.storable, the rule the client checks too).
"""

from __future__ import annotations

from contract.limits import storable
from directory.errors import InvalidRequest


def free_text(value: str, what: str, longest: int, shortest: int = 1) -> str:
    """`value` stripped, or InvalidRequest saying how long `what` may be."""
    cleaned = value.strip()
    if not storable(cleaned):
        raise InvalidRequest(f"The {what} contains characters that cannot be stored.")
    if not shortest <= len(cleaned) <= longest:
        raise InvalidRequest(f"The {what} must be {shortest} to {longest} characters.")
    return cleaned
