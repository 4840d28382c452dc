"""Users and their token certificates: enrolment, suspension, listing (DESIGN.md 3.2, 3.7).

An administrator enrols a user with their roles and the certificate on their token. The
rules: roles are Role values; management and shield officers are scoped to a local
authority that exists; the certificate passes directory.auth.certificates against the
trusted CAs and is not enrolled to anyone already. Every change is audited in the same
transaction, with the actor the caller names (e.g. "cli:administrator").

A signed-in user's audit identity (Viewer.user_id) is "user:" + their unique name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, Engine, Row, exists, select, update
from sqlalchemy.exc import IntegrityError

from contract.identity import USER_PREFIX
from directory import audit
from directory.auth.certificates import verify_client_certificate
from directory.auth.instants import stored, utc
from directory.auth.passwords import hash_password
from directory.errors import AuthenticationFailed, Conflict, InvalidEnrolment, NotFound
from directory.schema import app_user, local_authority, organisation, session, user_certificate
from directory.viewer import Role, Viewer

# Roles scoped to one local authority (DESIGN.md 3.2).
AUTHORITY_ROLES = frozenset({Role.MANAGEMENT, Role.SHIELD_OFFICER})
_ROLE_ORDER = {role: i for i, role in enumerate(Role)}


@dataclass(frozen=True, slots=True)
class UserSummary:
    name: str
    organisation: str
    organisation_id: int | None
    roles: tuple[Role, ...]
    local_authority: str | None
    status: str

    def as_json(self) -> dict[str, Any]:
        """The `user` object of POST /v1/auth/sessions (DESIGN.md 3.7)."""
        return {
            "name": self.name,
            "organisation": self.organisation,
            "roles": [role.value for role in self.roles],
            "local_authority": self.local_authority,
        }


@dataclass(frozen=True, slots=True)
class Account:
    """The stored user a login decision is made on. Holds the password hash: keep it here."""

    id: int
    summary: UserSummary
    password_hash: str | None
    failed_attempts: int
    locked_until: dt.datetime | None

    @property
    def actor(self) -> str:
        return actor_for(self.summary.name)

    @property
    def active(self) -> bool:
        return self.summary.status == "active"

    def locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def viewer(self) -> Viewer:
        return Viewer(
            user_id=self.actor,
            roles=frozenset(self.summary.roles),
            organisation_id=self.summary.organisation_id,
            local_authority=self.summary.local_authority,
            organisation_name=self.summary.organisation,
        )


def actor_for(name: str) -> str:
    return USER_PREFIX + name


def parse_roles(raw: str | Iterable[str]) -> tuple[Role, ...]:
    """Role values, given as "a,b" or as a sequence; refused unless every one is known."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    names = {item.strip() for item in items if item.strip()}
    known = {role.value for role in Role}
    unknown = sorted(names - known)
    if unknown:
        raise InvalidEnrolment(
            f"Unknown role {', '.join(unknown)}; the roles are {', '.join(sorted(known))}."
        )
    if not names:
        raise InvalidEnrolment("A user needs at least one role.")
    return tuple(sorted((Role(n) for n in names), key=_ROLE_ORDER.__getitem__))


def _summary(row: Row[Any]) -> UserSummary:
    return UserSummary(
        name=row.name,
        organisation=row.organisation_name,
        organisation_id=row.organisation_id,
        roles=parse_roles(row.roles),
        local_authority=row.local_authority,
        status=row.status,
    )


def account_from_row(row: Row[Any]) -> Account:
    """An Account from a row holding app_user's columns (as selected by callers)."""
    return Account(
        id=row.id,
        summary=_summary(row),
        password_hash=row.password_hash,
        failed_attempts=row.failed_attempts,
        locked_until=None if row.locked_until is None else stored(row.locked_until),
    )


@dataclass(frozen=True, slots=True)
class Enrolment:
    """An enrolled certificate and its user, as a login decision needs them."""

    account: Account
    fingerprint: str
    der: bytes
    not_before: dt.datetime
    not_after: dt.datetime


def enrolment(conn: Connection, fingerprint: str) -> Enrolment | None:
    """The certificate's enrolment, with the user's row locked until the transaction ends.

    The lock serialises concurrent attempts on one account (failure counting, the challenge
    rate limit); SQLite needs none, its transactions take the write lock up front.
    """
    row = conn.execute(
        select(
            app_user,
            user_certificate.c.der,
            user_certificate.c.not_before,
            user_certificate.c.not_after,
        )
        .join(user_certificate, user_certificate.c.user_id == app_user.c.id)
        .where(user_certificate.c.fingerprint == fingerprint)
        .with_for_update(of=app_user)
    ).first()
    if row is None:
        return None
    return Enrolment(
        account=account_from_row(row),
        fingerprint=fingerprint,
        der=row.der,
        not_before=stored(row.not_before),
        not_after=stored(row.not_after),
    )


def _text(value: str, what: str, longest: int) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > longest or any(ord(ch) < 0x20 for ch in cleaned):
        raise InvalidEnrolment(f"The {what} must be 1 to {longest} printable characters.")
    return cleaned


def _check_references(conn: Connection, authority: str | None, organisation_id: int | None) -> None:
    if authority is not None and not conn.scalar(
        select(exists().where(local_authority.c.code == authority))
    ):
        raise InvalidEnrolment("There is no local authority with that code.")
    if organisation_id is not None and not conn.scalar(
        select(exists().where(organisation.c.id == organisation_id))
    ):
        raise InvalidEnrolment("There is no organisation with that id.")


def add_user(
    engine: Engine,
    *,
    name: str,
    organisation_name: str,
    roles: str | Iterable[str],
    local_authority: str | None,
    certificate_der: bytes,
    password: str | None,
    trusted: Sequence[x509.Certificate],
    now: dt.datetime,
    actor: str,
    organisation_id: int | None = None,
    correlation_id: str | None = None,
) -> UserSummary:
    """Enrol a user and their token certificate; raises InvalidEnrolment or Conflict."""
    moment = utc(now)
    name = _text(name, "user name", 100)
    organisation_name = _text(organisation_name, "organisation name", 200)
    parsed_roles = parse_roles(roles)
    authority = local_authority.strip().upper() if local_authority else None
    if authority is None and AUTHORITY_ROLES & set(parsed_roles):
        raise InvalidEnrolment(
            "Management and shield officer roles need the local authority they serve."
        )
    try:
        certificate = verify_client_certificate(certificate_der, trusted, moment)
    except AuthenticationFailed as exc:
        raise InvalidEnrolment(f"The certificate is refused: {exc.message}") from None
    try:
        password_hash = None if password is None else hash_password(password)
    except ValueError as exc:
        raise InvalidEnrolment(str(exc)) from None

    try:
        with engine.begin() as conn:
            _check_references(conn, authority, organisation_id)
            if conn.scalar(select(exists().where(app_user.c.name == name))):
                raise Conflict("A user with that name is already enrolled.")
            fingerprint_taken = exists().where(
                user_certificate.c.fingerprint == certificate.fingerprint
            )
            if conn.scalar(select(fingerprint_taken)):
                raise Conflict("That certificate is already enrolled to a user.")
            inserted = conn.execute(
                app_user.insert().values(
                    name=name,
                    organisation_name=organisation_name,
                    organisation_id=organisation_id,
                    roles=",".join(role.value for role in parsed_roles),
                    local_authority=authority,
                    status="active",
                    password_hash=password_hash,
                    failed_attempts=0,
                    locked_until=None,
                    created_at=moment,
                )
            )
            user_id = inserted.inserted_primary_key[0]
            conn.execute(
                user_certificate.insert().values(
                    fingerprint=certificate.fingerprint,
                    user_id=user_id,
                    der=certificate.der,
                    not_before=certificate.not_before,
                    not_after=certificate.not_after,
                    added_at=moment,
                )
            )
            audit.append(
                conn,
                actor=actor,
                action="user_add",
                detail={
                    "user": name,
                    "roles": [role.value for role in parsed_roles],
                    "local_authority": authority,
                    "organisation_id": organisation_id,
                    "certificate": certificate.fingerprint,
                    "password": password_hash is not None,
                },
                correlation_id=correlation_id or uuid.uuid4().hex,
                at=moment,
            )
    except IntegrityError:
        # Another administrator enrolled the same name or certificate a moment earlier.
        raise Conflict("That user or certificate was enrolled at the same time.") from None
    return UserSummary(name, organisation_name, organisation_id, parsed_roles, authority, "active")


def suspend_user(
    engine: Engine,
    name: str,
    *,
    now: dt.datetime,
    actor: str,
    correlation_id: str | None = None,
) -> UserSummary:
    """Suspend a user and end their open sessions at once. Suspending again is harmless."""
    moment = utc(now)
    with engine.begin() as conn:
        row = conn.execute(
            select(app_user).where(app_user.c.name == name.strip()).with_for_update()
        ).first()
        if row is None:
            raise NotFound("There is no user with that name.")
        conn.execute(update(app_user).where(app_user.c.id == row.id).values(status="suspended"))
        ended = conn.execute(
            update(session)
            .where(session.c.user_id == row.id, session.c.revoked_at.is_(None))
            .values(revoked_at=moment)
        ).rowcount
        audit.append(
            conn,
            actor=actor,
            action="user_suspend",
            detail={"user": row.name, "was": row.status, "sessions_ended": ended},
            correlation_id=correlation_id or uuid.uuid4().hex,
            at=moment,
        )
    return dataclasses.replace(_summary(row), status="suspended")


def list_users(engine: Engine) -> list[UserSummary]:
    """Every user, by name. No certificates and no password hashes."""
    with engine.connect() as conn:
        rows = conn.execute(select(app_user).order_by(app_user.c.name)).all()
    return [_summary(row) for row in rows]
