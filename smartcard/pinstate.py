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
    """

    count_low: bool
    final_try: bool
    locked: bool
    must_change: bool
    protected_authentication_path: bool

    @classmethod
    def from_flags(cls, flags: int) -> PinState:
        def has(flag: TokenFlag) -> bool:
            return bool(flags & flag)

        return cls(
            count_low=has(TokenFlag.USER_PIN_COUNT_LOW),
            final_try=has(TokenFlag.USER_PIN_FINAL_TRY),
            locked=has(TokenFlag.USER_PIN_LOCKED),
            must_change=has(TokenFlag.USER_PIN_TO_BE_CHANGED),
            protected_authentication_path=has(TokenFlag.PROTECTED_AUTHENTICATION_PATH),
        )
