"""The optional password factor: argon2id hashes, never the password itself.

argon2-cffi's defaults (argon2id, RFC 9106 low-memory profile) are used; a stored hash made
with older parameters is replaced at the next successful login.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
_HASHER = PasswordHasher()  # stateless parameters only; safe to share


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"A password has at least {MIN_LENGTH} characters.")
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def hash_password_again(stored_hash: str, password: str) -> str | None:
    """A new hash when the stored one uses older parameters; call after a match only."""
    if not _HASHER.check_needs_rehash(stored_hash):
        return None
    return _HASHER.hash(password)
