"""Authentication and enrolment for the central directory (DESIGN.md 3.7): the front door.

    load_trusted_cas(paths)                                  -> trusted CA certificates
    verify_client_certificate(der, trusted, now)             -> VerifiedCertificate
    add_user(engine, name=..., ..., trusted=..., now=..., actor=...)  -> UserSummary
    suspend_user(engine, name, now=..., actor=...)           -> UserSummary
    list_users(engine)                                       -> [UserSummary]
    issue_challenge(engine, der, trusted, now, policy, purpose=, cp_id=) -> Challenge
    open_session(engine, challenge_id, signature, password, origin, now, policy) -> OpenedSession
    resolve_session(engine, token, now)                      -> Viewer
    revoke_session(engine, token, now)                       -> None
    verify_reauth(engine, user_id, challenge_id, signature, origin, cp_id, now, policy) -> None
    RevocationLists(trusted, required=crl_files, optional=...)  the CAs' CRLs, reloaded on change

Refusals are directory.errors.AuthenticationFailed (401, with a `reason` code for the
audit log; SignInRefused, with a code of its own, only after the token has signed),
RateLimited (429), InvalidEnrolment (422), Conflict (409) and NotFound (404).
Every call that changes state audits in its own transaction and takes `correlation_id`
(a fresh one is made when it is omitted). Times are aware datetimes; the Policy is the
caller's, there is no global one.
"""

from __future__ import annotations

from directory.auth.certificates import (
    VerifiedCertificate,
    load_trusted_cas,
    parse_certificate,
    verify_client_certificate,
)
from directory.auth.challenges import Challenge, issue_challenge
from directory.auth.policy import Policy
from directory.auth.reauth import verify_reauth
from directory.auth.revocation import RevocationLists
from directory.auth.revocation import beside as crl_beside
from directory.auth.sessions import OpenedSession, open_session, resolve_session, revoke_session
from directory.auth.users import UserSummary, add_user, list_users, suspend_user

__all__ = [
    "Challenge",
    "OpenedSession",
    "Policy",
    "RevocationLists",
    "UserSummary",
    "VerifiedCertificate",
    "add_user",
    "crl_beside",
    "issue_challenge",
    "list_users",
    "load_trusted_cas",
    "open_session",
    "parse_certificate",
    "resolve_session",
    "revoke_session",
    "suspend_user",
    "verify_client_certificate",
    "verify_reauth",
]
