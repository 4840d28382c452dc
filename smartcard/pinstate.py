"""The user-PIN state a token reports, decoded from its CK_TOKEN_INFO flags."""

from __future__ import annotations

from dataclasses import dataclass

from pkcs11 import TokenFlag


@dataclass(frozen=True, slots=True)
class PinState:
    """The user-PIN flags of a token, to be read fresh (C_GetTokenInfo) before each prompt.

    Tokens are not obliged to report any of these: False means "not reported", never
    "certainly not". SoftHSM 2.6 sets only `count_low` (after a failed login, until the next
    successful one) and never locks the user PIN, which is why the fake token exists.
    tpm2-pkcs11 sets none of them, ever.
    """

    count_low: bool
    final_try: bool
    locked: bool
    must_change: bool
    protected_authentication_path: bool
    # A wrong PIN was refused and the flags did not change: this token does not report its
    # tries (tpm2-pkcs11, whose lockout is the TPM's), so nothing may be said about them.
    tries_unknown: bool = False

    @classmethod
    def from_flags(cls, flags: int, *, tries_unknown: bool = False) -> PinState:
        def has(flag: TokenFlag) -> bool:
            return bool(flags & flag)

        return cls(
            count_low=has(TokenFlag.USER_PIN_COUNT_LOW),
            final_try=has(TokenFlag.USER_PIN_FINAL_TRY),
            locked=has(TokenFlag.USER_PIN_LOCKED),
            must_change=has(TokenFlag.USER_PIN_TO_BE_CHANGED),
            protected_authentication_path=has(TokenFlag.PROTECTED_AUTHENTICATION_PATH),
            tries_unknown=tries_unknown,
        )

    @property
    def reports_failures(self) -> bool:
        """Whether the flags show that a wrong PIN was given (any of the counting flags)."""
        return self.count_low or self.final_try or self.locked
