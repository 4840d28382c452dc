"""Sessions: opened by a signed challenge (and a password where one applies), then a bearer token.

Password rule. A password is checked when Policy.password_required says so for everyone,
AND whenever the user was enrolled with one, whatever the policy: an administrator who gave
a user a password meant it as a factor, and relaxing the policy must not silently drop it.
A required password that is missing is refused ("password_missing", not counted towards
the lock: nothing was guessed); a user who must give one but has none set is refused
("password_not_set"); a wrong one is refused and counted ("bad_password"). A password sent
for a user who needs none is ignored. The password is checked only after the token's
signature, so only the holder of the card and its PIN can try passwords.

Tokens are `secrets.token_urlsafe(32)`; only their SHA-256 is stored, so a copy of the
database opens no session. A session ends at the first of: Policy.idle_minutes without a
request, Policy.absolute_hours after login, logout, or any request that finds the account
suspended or locked, or the certificate that opened the session (recorded on the session)
out of date or revoked by its CA's CRL. Such a session is revoked there and then, so that
it stays ended when the lock lapses or the account is restored. Both limits
are fixed in the session row at login, so resolving a token needs no Policy and every
worker applies the same terms. The `expires_at` returned at login is the absolute expiry;
the idle expiry moves with each request.

Logins (`login`, `login_failed`) and logouts (`logout`) are audited; resolving a token is
not (every request does it, and the request's own audit row names the user).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update

from contract.messages import login_message
from directory import audit
from directory.auth.attempts import record_success
from directory.auth.certificates import read_certificate
from directory.auth.instants import stored, utc
from directory.auth.passwords import hash_password_again, password_matches
from directory.auth.policy import Policy
from directory.auth.proof import attempt
from directory.auth.refusals import told
from directory.auth.revocation import RevocationLists
from directory.auth.users import Account, UserSummary, account_from_row, actor_for
from directory.errors import AuthenticationFailed, PasswordRequired
from directory.schema import app_user, session, user_certificate
from directory.viewer import Viewer

TOKEN_BYTES = 32
LAST_SEEN_STEP = dt.timedelta(seconds=30)
_LONGEST_TOKEN = 100  # a token is 43 characters; anything much longer is not one


@dataclass(frozen=True, slots=True)
class OpenedSession:
    token: str  # give to the client once; never log or store it
    expires_at: dt.datetime  # the absolute expiry
    user: UserSummary


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_password(account: Account, password: str | None, policy: Policy) -> bool:
    """Raise unless the password rule (module docstring) is met; True if one was checked."""
    if not (policy.password_required or account.password_hash is not None):
        return False
    if password is None:
        raise PasswordRequired("A password is required.")
    if account.password_hash is None:
        raise AuthenticationFailed(
            "No password is set for this account; ask your administrator.", "password_not_set"
        )
    if not password_matches(account.password_hash, password):
        raise AuthenticationFailed("The password is wrong.", "bad_password")
    return True


def open_session(
    engine: Engine,
    challenge_id: str,
    signature: bytes,
    password: str | None,
    origin: str,
    now: dt.datetime,
    policy: Policy,
    *,
    revocations: RevocationLists | None = None,
    address: str | None = None,
    correlation_id: str | None = None,
) -> OpenedSession:
    """Log in with a signed login challenge, or raise AuthenticationFailed (audited).

    `origin` is the directory's own configured origin (scheme://host:port), never one taken
    from the request: the client signed the origin it addressed, so a mismatch means the
    signature was made for somewhere else.
    """
    moment = utc(now)
    correlation = correlation_id or uuid.uuid4().hex
    with attempt(
        engine,
        policy,
        moment,
        "login_failed",
        correlation,
        revocations=revocations,
        address=address,
    ) as current:
        enrolled = current.prove(
            challenge_id,
            "login",
            signature,
            lambda challenge: login_message(origin, challenge.id, challenge.nonce),
        )
        account = enrolled.account
        checked = _check_password(account, password, policy)
        record_success(current.conn, account)
        if checked and password is not None and account.password_hash is not None:
            rehashed = hash_password_again(account.password_hash, password)
            if rehashed is not None:
                current.conn.execute(
                    update(app_user)
                    .where(app_user.c.id == account.id)
                    .values(password_hash=rehashed)
                )
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires_at = moment + policy.absolute
        current.conn.execute(
            session.insert().values(
                token_hash=token_hash(token),
                user_id=account.id,
                certificate=enrolled.fingerprint,
                created_at=moment,
                last_seen_at=moment,
                absolute_expiry=expires_at,
                idle_seconds=int(policy.idle.total_seconds()),
                revoked_at=None,
            )
        )
        audit.append(
            current.conn,
            actor=account.actor,
            action="login",
            detail={**current.detail, "password": checked},
            correlation_id=correlation,
            at=moment,
        )
    return OpenedSession(token, expires_at, account.summary)


def _ended_by_state(
    row: Any, account: Account, now: dt.datetime, revocations: RevocationLists | None
) -> AuthenticationFailed | None:
    """Why the account or the session's certificate no longer lets this session work."""
    if not account.active:
        return told("suspended")
    if account.locked(now):
        return told("locked")
    if row.certificate_der is None:
        return None  # a session from before the certificate was recorded: account checks only
    if not stored(row.not_before) <= now <= stored(row.not_after):
        return told("certificate_expired")
    if revocations is not None and revocations.is_revoked(
        read_certificate(row.certificate_der).certificate
    ):
        return told("certificate_revoked")
    return None


def resolve_session(
    engine: Engine,
    token: str,
    now: dt.datetime,
    revocations: RevocationLists | None = None,
    *,
    correlation_id: str | None = None,
) -> Viewer:
    """The Viewer a bearer token stands for; AuthenticationFailed if it stands for no one."""
    moment = utc(now)
    if not token or len(token) > _LONGEST_TOKEN:
        raise AuthenticationFailed("Sign in first.", "unknown_session")
    ended: AuthenticationFailed | None = None
    with engine.begin() as conn:
        row = conn.execute(
            select(
                app_user,
                session.c.token_hash,
                session.c.last_seen_at,
                session.c.absolute_expiry,
                session.c.idle_seconds,
                session.c.revoked_at,
                user_certificate.c.der.label("certificate_der"),
                user_certificate.c.not_before,
                user_certificate.c.not_after,
            )
            .join(app_user, app_user.c.id == session.c.user_id)
            .outerjoin(user_certificate, user_certificate.c.fingerprint == session.c.certificate)
            .where(session.c.token_hash == token_hash(token))
        ).first()
        if row is None:
            raise AuthenticationFailed("Sign in first.", "unknown_session")
        account = account_from_row(row)
        ended = _ended_by_state(row, account, moment, revocations)
        if row.revoked_at is not None:
            # Already ended (logout, suspension, an earlier request): say why if it still holds.
            raise ended or AuthenticationFailed(
                "This session has ended; sign in again.", "session_revoked"
            )
        if stored(row.absolute_expiry) <= moment:
            raise AuthenticationFailed("Your session has ended; sign in again.", "session_expired")
        if stored(row.last_seen_at) + dt.timedelta(seconds=row.idle_seconds) <= moment:
            raise AuthenticationFailed(
                "Your session ended after a period without use; sign in again.", "session_idle"
            )
        if ended is not None:
            conn.execute(
                update(session)
                .where(session.c.token_hash == row.token_hash)
                .values(revoked_at=moment)
            )
            # Once per session: the request that finds it ended revokes it.
            audit.append(
                conn,
                actor=account.actor,
                action="session_ended",
                detail={"reason": ended.reason},
                correlation_id=correlation_id or uuid.uuid4().hex,
                at=moment,
            )
        # Every request resolves its token; writing (and committing) last_seen each time
        # would double the cost of a record view. Recording it at most every
        # LAST_SEEN_STEP only ever ends an idle session that much sooner, never later.
        elif moment - stored(row.last_seen_at) >= LAST_SEEN_STEP:
            conn.execute(
                update(session)
                .where(session.c.token_hash == row.token_hash)
                .values(last_seen_at=moment)
            )
    if ended is not None:
        raise ended
    return account.viewer()


def revoke_session(
    engine: Engine, token: str, now: dt.datetime, *, correlation_id: str | None = None
) -> None:
    """Log out: the token stops working at once. An unknown or ended token is refused."""
    moment = utc(now)
    if not token or len(token) > _LONGEST_TOKEN:
        raise AuthenticationFailed("Sign in first.", "unknown_session")
    with engine.begin() as conn:
        row = conn.execute(
            select(app_user.c.name, session.c.token_hash)
            .join(app_user, app_user.c.id == session.c.user_id)
            .where(
                session.c.token_hash == token_hash(token),
                session.c.revoked_at.is_(None),
            )
        ).first()
        if row is None:
            raise AuthenticationFailed("Sign in first.", "unknown_session")
        conn.execute(
            update(session).where(session.c.token_hash == row.token_hash).values(revoked_at=moment)
        )
        audit.append(
            conn,
            actor=actor_for(row.name),
            action="logout",
            detail={},
            correlation_id=correlation_id or uuid.uuid4().hex,
            at=moment,
        )
