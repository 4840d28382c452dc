"""The exact bytes a token signs for a login or an override (DESIGN.md 3.7).

The one definition both programs use: the client builds these bytes for its token to sign,
the directory rebuilds them to verify the signature. UTF-8, fields separated by a single
line feed, no trailing newline:

    login:    LOGIN_PREFIX    LF origin LF challenge_id LF nonce
    override: OVERRIDE_PREFIX LF origin LF challenge_id LF nonce LF cp_id

* `origin` is scheme://host:port exactly as the client addressed the directory. The
  directory verifies over its own configured origin, so a signature relayed from another
  site fails; the client takes the base URL it was given, unchanged (no default port added
  or removed), so the machine policy's directory URL must be written exactly as the
  directory's configured origin, e.g. "https://directory.example.org:443".
* `challenge_id` is the challenge's id as returned in the JSON.
* `nonce` is the base64 TEXT exactly as it appears in the challenge's JSON (standard
  alphabet, with padding), not the decoded bytes: any client can then build the message
  from the JSON alone, without re-encoding.
* `cp_id` is the ContactPoint ID in the normalised form the override challenge returned.

tests/e2e/token_client.py rebuilds these bytes by hand on purpose, so that a change here
that would break other clients is caught.
"""

from __future__ import annotations

LOGIN_PREFIX = "contactpoint-auth-v1"
OVERRIDE_PREFIX = "contactpoint-override-v1"


def _field(value: str, what: str) -> str:
    # A line feed inside a field would let one message pass for another. Both sides refuse
    # such fields: the client with a clearer error than a refused login.
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
