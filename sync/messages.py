"""The exact bytes the token signs for a login or an override (DESIGN.md 3.7).

Re-implemented from the published wire contract rather than imported: the client never
imports the directory (DESIGN.md 2). tests/sync compares these bytes with the directory's.

    login:    "contactpoint-auth-v1" LF origin LF challenge_id LF nonce
    override: "contactpoint-override-v1" LF origin LF challenge_id LF nonce LF cp_id

UTF-8, no trailing newline. `nonce` is the base64 text exactly as the challenge's JSON gave
it, and `cp_id` the form the override challenge returned.

`origin` is the directory's configured origin, which the client takes to be the base URL
it was given, unchanged (no default port added or removed). So the machine policy's
directory URL must be written exactly as the directory's configured origin, e.g.
"https://directory.example.org:443" if that is how the directory names itself; otherwise
every login is refused, as a signature made for another origin must be.
"""

from __future__ import annotations

LOGIN_PREFIX = "contactpoint-auth-v1"
OVERRIDE_PREFIX = "contactpoint-override-v1"


def _field(value: str, what: str) -> str:
    # A line feed inside a field would let one message pass for another; the directory
    # refuses such fields too, so fail here with a clearer error than a refused login.
    if not value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError(f"The {what} is empty or holds control characters.")
    return value


def login_message(origin: str, challenge_id: str, nonce: str) -> bytes:
    fields = (
        LOGIN_PREFIX,
        _field(origin, "origin"),
        _field(challenge_id, "challenge id"),
        _field(nonce, "nonce"),
    )
    return "\n".join(fields).encode("utf-8")


def override_message(origin: str, challenge_id: str, nonce: str, cp_id: str) -> bytes:
    fields = (
        OVERRIDE_PREFIX,
        _field(origin, "origin"),
        _field(challenge_id, "challenge id"),
        _field(nonce, "nonce"),
        _field(cp_id, "ContactPoint ID"),
    )
    return "\n".join(fields).encode("utf-8")
