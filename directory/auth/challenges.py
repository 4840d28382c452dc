"""Login and override challenges: one answer for every readable certificate, single-use.

Uniform before proof of possession. Anyone may hold a copy of a practitioner's
certificate, so the answer to POST /v1/auth/challenges must not say whether it is enrolled,
suspended, locked, out of date, revoked or untrusted. Every certificate that parses and
whose key can verify a signature (directory.auth.certificates.read_certificate) gets a
201 challenge; the challenge row keeps the certificate and the refusal it will end in.
Only when the token's signature over the challenge verifies with that certificate's key
does POST /v1/auth/sessions tell the specific reason (directory.auth.proof). A certificate
that cannot be read, or whose key cannot verify anything, is refused at once: that says
nothing about any account.

Each challenge is valid for Policy.challenge_seconds and is spent by the first attempt to
use it, whether that attempt succeeds or not.

Rate limits, applied before anything about the certificate is looked at, so that a 429 is
the same for every certificate: Policy.challenges_per_minute per certificate and
Policy.challenges_per_address_per_minute per client address, counted in the database
(directory.auth.tally) so that they hold across every worker and host.

Refusals (the deferred ones, unreadable certificates, rate limits) are counted in
directory.auth.tally and audited as `login_failed`, one row per source and minute with
the counts by reason: a flood costs the audit chain one row a minute, not one a request.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, Engine, delete, select, update

from directory import cpid
from directory.auth.certificates import (
    ReadCertificate,
    check_certificate,
    fingerprint,
    read_certificate,
)
from directory.auth.instants import stored, utc
from directory.auth.policy import Policy
from directory.auth.revocation import RevocationLists
from directory.auth.tally import (
    ADDRESS,
    CERTIFICATE,
    audit_closed_minutes,
    count_challenge,
    count_refusal,
    source,
)
from directory.auth.users import enrolment
from directory.errors import AuthenticationFailed, DirectoryError, RateLimited
from directory.schema import CHALLENGE_PURPOSES, auth_challenge

NONCE_BYTES = 32
RATE_WINDOW = dt.timedelta(minutes=1)
# Challenge ids are secrets.token_urlsafe(32); anything else is refused before a query.
_CHALLENGE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True, slots=True)
class Challenge:
    challenge_id: str
    nonce: str  # base64 text, signed exactly as it is here (contract.messages)
    expires_at: dt.datetime
    purpose: str
    cp_id: str | None

    def as_json(self) -> dict[str, Any]:
        """The body of 201 POST /v1/auth/challenges (DESIGN.md 3.7)."""
        body: dict[str, Any] = {
            "challenge_id": self.challenge_id,
            "nonce": self.nonce,
            "expires_at": self.expires_at.isoformat(),
        }
        if self.cp_id is not None:
            body["cp_id"] = self.cp_id
        return body


@dataclass(frozen=True, slots=True)
class ClaimedChallenge:
    id: str
    fingerprint: str
    certificate: bytes  # the DER the challenge was issued to: its key checks the signature
    refusal: str | None  # the reason the sign-in is refused once the signature verifies
    nonce: str
    cp_id: str | None


def _deferred_refusal(
    conn: Connection,
    read: ReadCertificate,
    trusted: Sequence[x509.Certificate],
    now: dt.datetime,
    revocations: RevocationLists | None,
) -> tuple[str | None, bool]:
    """(the reason this certificate will be refused, or None; whether it is enrolled)."""
    reason: str | None = None
    try:
        check_certificate(read, trusted, now, revocations)
    except AuthenticationFailed as exc:
        reason = exc.reason
    found = enrolment(conn, read.fingerprint)
    if found is None:
        return reason or "unknown_certificate", False
    if reason is None and not found.account.active:
        reason = "suspended"
    if reason is None and found.account.locked(now):
        reason = "locked"
    return reason, True


def _target(purpose: str, cp_id: str | None) -> str | None:
    if purpose not in CHALLENGE_PURPOSES:
        raise ValueError(f"A challenge's purpose is one of {', '.join(CHALLENGE_PURPOSES)}.")
    if purpose == "override":
        if cp_id is None:
            raise ValueError("An override challenge names the record it is for.")
        return cpid.normalise(cp_id)
    if cp_id is not None:
        raise ValueError("Only an override challenge names a record.")
    return None


def issue_challenge(
    engine: Engine,
    certificate_der: bytes,
    trusted: Sequence[x509.Certificate],
    now: dt.datetime,
    policy: Policy,
    *,
    purpose: str = "login",
    cp_id: str | None = None,
    address: str | None = None,
    revocations: RevocationLists | None = None,
    correlation_id: str | None = None,
) -> Challenge:
    """A fresh challenge for any readable certificate; AuthenticationFailed if it cannot be
    read, RateLimited past a limit. `address` is the client's (the ASGI peer)."""
    moment = utc(now)
    target = _target(purpose, cp_id)
    correlation = correlation_id or uuid.uuid4().hex
    by_address = source(ADDRESS, address or UNKNOWN_ADDRESS)
    with engine.begin() as conn:
        audit_closed_minutes(conn, moment, correlation)
    refused: DirectoryError | None = None
    with engine.begin() as conn:
        from_address = count_challenge(conn, by_address, moment)
        for_certificate = count_challenge(
            conn, source(CERTIFICATE, fingerprint(certificate_der)), moment
        )
        if (
            from_address > policy.challenges_per_address_per_minute
            or for_certificate > policy.challenges_per_minute
        ):
            count_refusal(conn, by_address, "rate_limited", moment)
            refused = RateLimited("Too many sign-in attempts; wait a minute and try again.")
        else:
            try:
                read = read_certificate(certificate_der)
            except AuthenticationFailed as exc:
                count_refusal(conn, by_address, exc.reason, moment)
                refused = exc
            else:
                reason, enrolled = _deferred_refusal(conn, read, trusted, moment, revocations)
                if reason is not None:
                    where = source(CERTIFICATE, read.fingerprint) if enrolled else by_address
                    count_refusal(conn, where, reason, moment)
                challenge = _insert(conn, read, reason, purpose, target, moment, policy)
    if refused is not None:
        raise refused
    return challenge


def _insert(
    conn: Connection,
    read: ReadCertificate,
    refusal: str | None,
    purpose: str,
    cp_id: str | None,
    now: dt.datetime,
    policy: Policy,
) -> Challenge:
    # Spent and expired challenges are no longer needed; removing them here keeps the table
    # small without a job (the rate limits count in directory.auth.tally, not here).
    conn.execute(delete(auth_challenge).where(auth_challenge.c.expires_at < now - RATE_WINDOW))
    challenge = Challenge(
        challenge_id=secrets.token_urlsafe(32),
        nonce=base64.b64encode(secrets.token_bytes(NONCE_BYTES)).decode("ascii"),
        expires_at=now + policy.challenge_lifetime,
        purpose=purpose,
        cp_id=cp_id,
    )
    conn.execute(
        auth_challenge.insert().values(
            id=challenge.challenge_id,
            fingerprint=read.fingerprint,
            certificate=read.der,
            refusal=refusal,
            nonce=challenge.nonce,
            purpose=purpose,
            cp_id=cp_id,
            expires_at=challenge.expires_at,
            used_at=None,
            created_at=now,
        )
    )
    return challenge


def claim_challenge(
    conn: Connection, challenge_id: str, purpose: str, now: dt.datetime
) -> ClaimedChallenge:
    """Spend a challenge in the caller's transaction, or raise AuthenticationFailed.

    It is marked used before any other check, so a caller that commits before raising (as
    directory.auth.proof does) spends it whatever the outcome: a challenge is single-use.
    """
    row = None
    if _CHALLENGE_ID.fullmatch(challenge_id):
        row = conn.execute(
            select(auth_challenge).where(auth_challenge.c.id == challenge_id).with_for_update()
        ).first()
    if row is None:
        raise AuthenticationFailed(
            "The sign-in challenge is unknown; ask for a new one.", "unknown_challenge"
        )
    spent = conn.execute(
        update(auth_challenge)
        .where(auth_challenge.c.id == challenge_id, auth_challenge.c.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if row.used_at is not None or spent != 1:
        raise AuthenticationFailed(
            "The sign-in challenge was already used; ask for a new one.", "challenge_used"
        )
    if row.purpose != purpose:
        raise AuthenticationFailed(
            "The challenge was issued for something else; ask for a new one.", "wrong_purpose"
        )
    if stored(row.expires_at) <= now:
        raise AuthenticationFailed(
            "The sign-in challenge has expired; ask for a new one.", "challenge_expired"
        )
    return ClaimedChallenge(
        row.id, row.fingerprint, row.certificate, row.refusal, row.nonce, row.cp_id
    )
