"""What a refused sign-in is told, once its token has signed (directory.auth.challenges).

The audit keeps the fine reason code (e.g. "issuing_authority_expired"); the person is told
the coarser one their client can act on, as SignInRefused's code.
"""

from __future__ import annotations

from contract.codes import SignInRefusal
from directory.errors import SignInRefused

_UNTRUSTED = (
    SignInRefusal.CERTIFICATE_UNTRUSTED,
    "This card's certificate is not accepted by the directory; ask your registration authority.",
)
_TOLD: dict[str, tuple[SignInRefusal, str]] = {
    "unknown_certificate": (
        SignInRefusal.NOT_ENROLLED,
        "This card is not enrolled in ContactPoint; ask your administrator.",
    ),
    "suspended": (
        SignInRefusal.ACCOUNT_SUSPENDED,
        "Your account is suspended: contact your administrator.",
    ),
    "locked": (
        SignInRefusal.ACCOUNT_LOCKED,
        "Your account is locked after repeated failures; try again later.",
    ),
    "certificate_expired": (
        SignInRefusal.CERTIFICATE_EXPIRED,
        "This card's certificate has expired; ask your registration authority for a new card.",
    ),
    "certificate_not_yet_valid": (
        SignInRefusal.CERTIFICATE_NOT_YET_VALID,
        "This card's certificate is not valid yet; try again later or ask your registration "
        "authority.",
    ),
    "certificate_revoked": (
        SignInRefusal.CERTIFICATE_REVOKED,
        "This card's certificate has been revoked; ask your registration authority.",
    ),
    "untrusted_issuer": _UNTRUSTED,
    "issuing_authority_expired": _UNTRUSTED,
    "issuing_authority_not_yet_valid": _UNTRUSTED,
    "certificate_is_ca": _UNTRUSTED,
    "key_usage": _UNTRUSTED,
}


def told(reason: str) -> SignInRefused:
    """The refusal for an audit reason code; an unknown one is told as untrusted."""
    code, message = _TOLD.get(reason, _UNTRUSTED)
    return SignInRefused(message, reason, code)
