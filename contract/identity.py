"""A signed-in user's identity on the wire and in the audit: "user:" + their unique name.

The directory writes it where a row names who did something (alerts' `user_id`,
`handled_by`; requests' `requester`, `decided_by`; shields' `placed_by`, ...), and the
client shows the name alone.
"""

from __future__ import annotations

from contract.reader import Reader

USER_PREFIX = "user:"


def user_name(identity: str) -> str:
    """The unique name in an identity ("user:zz-teacher" -> "zz-teacher"); other text as is."""
    return identity.removeprefix(USER_PREFIX)


def read_person(r: Reader, key: str) -> str | None:
    """The unique name in the optional identity field `key` of an answer, or None."""
    identity = r.optional_text(key)
    return None if identity is None else user_name(identity)
