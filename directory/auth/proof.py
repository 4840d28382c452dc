"""One attempt to prove possession of an enrolled token, shared by login and override.

`attempt` runs the checks in the caller's transaction and, on refusal, records it there:
the audit row (with a reason code and no secret) and, for a failed proof of a factor, the
failure count and perhaps a lock (directory.auth.attempts). The caller's transaction then
COMMITS, and only after that is the error raised: a refusal that rolled back would
leave no audit row, no count and an unspent challenge, defeating all three.

The order is the uniform-refusal rule (directory.auth.challenges): first the signature, with
the key of the certificate the challenge was issued to, and a bad one is the same generic
refusal for every certificate; only then the refusal decided at the challenge, and the
account and certificate checked again as they are now (SignInRefused, directory.auth.refusals).
A refusal for a certificate enrolled to no one is counted per client address
(directory.auth.tally) rather than audited one row each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from directory import audit
from directory.auth.attempts import COUNTED_REASONS, record_failure
from directory.auth.certificates import read_certificate
from directory.auth.challenges import UNKNOWN_ADDRESS, ClaimedChallenge, claim_challenge
from directory.auth.message import signature_is_valid
from directory.auth.policy import Policy
from directory.auth.refusals import told
from directory.auth.revocation import RevocationLists
from directory.auth.tally import ADDRESS, UNAUTHENTICATED, count_refusal, source
from directory.auth.users import Enrolment, enrolment
from directory.errors import AuthenticationFailed


@dataclass
class Attempt:
    """What is known so far about one attempt; the refusal record uses whatever is set."""

    conn: Connection
    policy: Policy
    now: dt.datetime
    challenge: ClaimedChallenge | None = None
    enrolled: Enrolment | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    # Set when a signed-in user acts (override re-authentication): the audit row names
    # them even if the card that signed belongs to someone else.
    signed_in: str | None = None
    revocations: RevocationLists | None = None
    address: str | None = None

    @property
    def actor(self) -> str:
        if self.signed_in is not None:
            return self.signed_in
        return UNAUTHENTICATED if self.enrolled is None else self.enrolled.account.actor

    def prove(
        self,
        challenge_id: str,
        purpose: str,
        signature: bytes,
        message: Callable[[ClaimedChallenge], bytes],
    ) -> Enrolment:
        """Spend the challenge and check the token's signature over `message(challenge)`."""
        self.challenge = claim_challenge(self.conn, challenge_id, purpose, self.now)
        self.detail["challenge"] = self.challenge.id
        self.detail["certificate"] = self.challenge.fingerprint
        # Looked up now only so that a refusal names the account; nothing is decided on it
        # before the signature verifies.
        self.enrolled = enrolment(self.conn, self.challenge.fingerprint)
        read = read_certificate(self.challenge.certificate)
        if not signature_is_valid(read.public_key, signature, message(self.challenge)):
            raise AuthenticationFailed(
                "The token's signature was not accepted; sign in again.", "bad_signature"
            )
        if self.challenge.refusal is not None:
            raise told(self.challenge.refusal)
        found = self.enrolled
        if found is None:
            raise told("unknown_certificate")
        if not found.not_before <= self.now <= found.not_after:
            raise told(
                "certificate_expired" if self.now > found.not_after else "certificate_not_yet_valid"
            )
        if self.revocations is not None and self.revocations.is_revoked(read.certificate):
            raise told("certificate_revoked")
        if not found.account.active:
            raise told("suspended")
        if found.account.locked(self.now):
            raise told("locked")
        return found

    def refuse(self, failure: AuthenticationFailed, action: str, correlation_id: str) -> None:
        """Record a refusal in this transaction: the count (maybe a lock) and the audit row."""
        if self.enrolled is None and self.signed_in is None:
            where = source(ADDRESS, self.address or UNKNOWN_ADDRESS)
            count_refusal(self.conn, where, failure.reason, self.now)
            return
        detail = {**self.detail, "reason": failure.reason}
        if self.enrolled is not None and failure.reason in COUNTED_REASONS:
            until = record_failure(self.conn, self.enrolled.account, self.policy, self.now)
            if until is not None:
                detail["locked_until"] = until.isoformat()
        audit.append(
            self.conn,
            actor=self.actor,
            action=action,
            detail=detail,
            correlation_id=correlation_id,
            at=self.now,
        )


@contextmanager
def attempt(
    engine: Engine,
    policy: Policy,
    now: dt.datetime,
    action: str,
    correlation_id: str,
    *,
    revocations: RevocationLists | None = None,
    address: str | None = None,
) -> Iterator[Attempt]:
    """Run an attempt; a refusal is recorded and committed, then raised."""
    failure: AuthenticationFailed | None = None
    with engine.begin() as conn:
        current = Attempt(conn, policy, now, revocations=revocations, address=address)
        try:
            yield current
        except AuthenticationFailed as exc:
            failure = exc
            current.refuse(exc, action, correlation_id)
    if failure is not None:
        raise failure
