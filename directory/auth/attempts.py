"""Failed sign-in attempts and the temporary lock they lead to (DESIGN.md 3.7).

What counts: a wrong password, the one secret the directory itself verifies. A signature
that does not verify does not count, nor does a missing, expired or replayed challenge. A
bad signature needs only the certificate, which is not secret, so counting it would let
anyone holding a copy lock a practitioner out (a paediatrician in the middle of an
assessment); the PIN that protects the signing key is guarded by the token's own retry
counter, and every failed attempt is still audited and rate-limited per certificate.

Each counted failure adds one; reaching Policy.max_failures locks the account for
Policy.lockout_minutes and starts the count again, so that after the lock the user has the
full number of tries. A successful login clears both.

The caller holds the user's row lock (SELECT ... FOR UPDATE) in the same transaction, so
concurrent failures cannot both read the same count.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, update

from directory.auth.policy import Policy
from directory.auth.users import Account
from directory.schema import app_user

COUNTED_REASONS = frozenset({"bad_password"})


def record_failure(
    conn: Connection, account: Account, policy: Policy, now: dt.datetime
) -> dt.datetime | None:
    """Count one failed proof; returns the end of the lock when this failure starts one."""
    failures = account.failed_attempts + 1
    if failures >= policy.max_failures:
        until = now + policy.lockout
        conn.execute(
            update(app_user)
            .where(app_user.c.id == account.id)
            .values(failed_attempts=0, locked_until=until)
        )
        return until
    conn.execute(
        update(app_user).where(app_user.c.id == account.id).values(failed_attempts=failures)
    )
    return None


def record_success(conn: Connection, account: Account) -> None:
    if account.failed_attempts or account.locked_until is not None:
        conn.execute(
            update(app_user)
            .where(app_user.c.id == account.id)
            .values(failed_attempts=0, locked_until=None)
        )
