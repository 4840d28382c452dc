"""Login and override challenges: issued to an enrolled certificate, single-use, short-lived.

A challenge is issued only when the certificate verifies against the trusted CAs now AND is
enrolled to an active, unlocked user, so that the signing step is never reached by anyone
the directory would refuse anyway. Each is valid for Policy.challenge_seconds and is spent
by the first attempt to use it, whether that attempt succeeds or not.

Rate limit: a certificate may obtain Policy.challenges_per_minute challenges per minute.
The limit counts that certificate's rows in auth_challenge, so it holds across all API
workers without shared memory; the user's row lock (directory.auth.users.enrolment)
serialises the count and the insert on PostgreSQL.

Every refusal is audited as `login_failed` with a reason code, committed before the error
is raised.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, Engine, delete, func, select, update

from directory import audit, cpid
from directory.auth.certificates import fingerprint, verify_client_certificate
from directory.auth.instants import stored, utc
from directory.auth.policy import Policy
from directory.auth.users import Enrolment, enrolment
from directory.errors import AuthenticationFailed, DirectoryError, RateLimited
from directory.schema import CHALLENGE_PURPOSES, auth_challenge

NONCE_BYTES = 32
RATE_WINDOW = dt.timedelta(minutes=1)
UNAUTHENTICATED = "unauthenticated"


@dataclass(frozen=True, slots=True)
class Challenge:
    challenge_id: str
    nonce: str  # base64 text, signed exactly as it is here (directory.auth.message)
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
    nonce: str
    cp_id: str | None


def _audit_refusal(
    conn: Connection, actor: str, reason: str, certificate: str, correlation_id: str
) -> None:
    audit.append(
        conn,
        actor=actor,
        action="login_failed",
        detail={"stage": "challenge", "reason": reason, "certificate": certificate},
        correlation_id=correlation_id,
    )


def _refusal(found: Enrolment | None, now: dt.datetime) -> AuthenticationFailed | None:
    if found is None:
        return AuthenticationFailed(
            "This certificate is not enrolled; ask your administrator.", "unknown_certificate"
        )
    if not found.account.active:
        return AuthenticationFailed("This account is suspended.", "suspended")
    if found.account.locked(now):
        return AuthenticationFailed(
            "This account is locked after repeated failures; try again later.", "locked"
        )
    return None


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
    correlation_id: str | None = None,
) -> Challenge:
    """A fresh challenge for this certificate, or AuthenticationFailed / RateLimited."""
    moment = utc(now)
    target = _target(purpose, cp_id)
    correlation = correlation_id or uuid.uuid4().hex
    try:
        certificate = verify_client_certificate(certificate_der, trusted, moment)
    except AuthenticationFailed as exc:
        with engine.begin() as conn:
            _audit_refusal(
                conn, UNAUTHENTICATED, exc.reason, fingerprint(certificate_der), correlation
            )
        raise

    refused: DirectoryError | None = None
    with engine.begin() as conn:
        found = enrolment(conn, certificate.fingerprint)
        refused = _refusal(found, moment)
        if refused is None and _recent(conn, certificate.fingerprint, moment) >= (
            policy.challenges_per_minute
        ):
            refused = RateLimited("Too many sign-in attempts; wait a minute and try again.")
        if refused is not None:
            reason = getattr(refused, "reason", "rate_limited")
            actor = UNAUTHENTICATED if found is None else found.account.actor
            _audit_refusal(conn, actor, reason, certificate.fingerprint, correlation)
        else:
            challenge = _insert(conn, certificate.fingerprint, purpose, target, moment, policy)
    if refused is not None:
        raise refused
    return challenge


def _recent(conn: Connection, certificate: str, now: dt.datetime) -> int:
    since = now - RATE_WINDOW
    count = conn.scalar(
        select(func.count())
        .select_from(auth_challenge)
        .where(auth_challenge.c.fingerprint == certificate, auth_challenge.c.created_at > since)
    )
    return int(count or 0)


def _insert(
    conn: Connection,
    certificate: str,
    purpose: str,
    cp_id: str | None,
    now: dt.datetime,
    policy: Policy,
) -> Challenge:
    # Spent and expired challenges of this certificate are no longer needed once they are
    # outside the rate-limit window; removing them here keeps the table small without a job.
    conn.execute(
        delete(auth_challenge).where(
            auth_challenge.c.fingerprint == certificate,
            auth_challenge.c.expires_at < now - RATE_WINDOW,
        )
    )
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
            fingerprint=certificate,
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
    return ClaimedChallenge(row.id, row.fingerprint, row.nonce, row.cp_id)
