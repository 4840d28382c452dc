"""Re-authentication for a shield override: the card is still present (DESIGN.md 3.7).

The override endpoint asks for an `override` challenge naming the record, the token signs
the override message (contract.messages) and this module checks it: the challenge is
an unspent, unexpired override challenge for that very record, the signature verifies for
a certificate enrolled to the signed-in user, and that user is still active and unlocked.
Whether the user may override at all is the override endpoint's decision (Viewer roles);
this proves only who holds the card.

Successes are audited as `reauth`, refusals as `reauth_failed` (committed, then raised);
failed signatures count towards the lock like failed logins.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Engine

from contract.messages import override_message
from directory import audit, cpid
from directory.auth.instants import utc
from directory.auth.policy import Policy
from directory.auth.proof import attempt
from directory.errors import AuthenticationFailed, InvalidIdentifier


def verify_reauth(
    engine: Engine,
    user_id: str,
    challenge_id: str,
    signature: bytes,
    origin: str,
    cp_id: str,
    now: dt.datetime,
    policy: Policy,
    *,
    correlation_id: str | None = None,
) -> None:
    """Return only if the signed-in user (`user_id` is Viewer.user_id) re-authenticated
    for the override of `cp_id`; otherwise raise AuthenticationFailed."""
    moment = utc(now)
    correlation = correlation_id or uuid.uuid4().hex
    try:
        record = cpid.normalise(cp_id)
    except InvalidIdentifier:
        record = None
    with attempt(engine, policy, moment, "reauth_failed", correlation) as current:
        current.signed_in = user_id
        current.detail["cp_id"] = record

        def message(challenge_id: str, nonce: str, challenge_cp_id: str | None) -> bytes:
            if record is None or challenge_cp_id != record:
                raise AuthenticationFailed(
                    "The re-authentication was for another record; try again.", "wrong_record"
                )
            return override_message(origin, challenge_id, nonce, record)

        enrolled = current.prove(
            challenge_id,
            "override",
            signature,
            lambda challenge: message(challenge.id, challenge.nonce, challenge.cp_id),
        )
        if enrolled.account.actor != user_id:
            raise AuthenticationFailed(
                "The token that signed is not enrolled to you.", "other_user"
            )
        audit.append(
            current.conn,
            actor=user_id,
            action="reauth",
            detail=current.detail,
            correlation_id=correlation,
            at=moment,
        )
