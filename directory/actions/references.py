"""References people quote for an alert or a request: short, random, unguessable.

A reference names a row on the management team's worklist without naming the child, so it
can be read over the phone or written in a case note. It is random rather than derived from
the row id, so that one reference says nothing about how many others exist or what they are.

Format: a three-letter kind, then ten characters of Crockford's base32 (no I, L, O or U, which
people misread) in two groups of five: e.g. "OVR-7K3MQ-9XDA2". Fifty random bits make a
collision between two references vanishingly unlikely; the unique constraint on each table
would refuse one anyway.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP = 5

OVERRIDE_ALERT = "OVR"
FISHING_ALERT = "FSH"
CONTACT_REQUEST = "CON"
SHIELD_REQUEST = "SHR"


def new_reference(kind: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(2 * GROUP))
    return f"{kind}-{body[:GROUP]}-{body[GROUP:]}"


@dataclass(frozen=True, slots=True)
class Receipt:
    """The answer to a request sent to a management team: its handle (directory.handles, the
    id the API names it by), a reference and what happens next.

    Deliberately nothing about the team itself: naming the authority, or giving its phone
    numbers, would tell the requester where a shielded child lives.
    """

    id: str
    reference: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "reference": self.reference, "message": self.message}
