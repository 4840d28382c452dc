"""What the PIN dialog shows: the token, its PIN state read just now, and why it is asking.

The prompt carries no PIN. The dialog collects one into a bytearray and hands it over;
whoever uses it zeroes it (DESIGN.md 4, "Token").
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcard import PinState
from smartcard.token import TRIES_UNKNOWN

# The longest PIN the client's PIN fields take; a PIN change never sets a longer one, so
# that every PIN a card is given here can be typed here again.
MAX_PIN_LENGTH = 64


@dataclass(frozen=True, slots=True)
class TokenChoice:
    """One token in a reader, offered when several are present."""

    token_id: str  # "label/serial/fingerprint" (smartcard.TokenId), as the session machine knows it
    label: str


@dataclass(frozen=True, slots=True)
class PinPrompt:
    token: TokenChoice
    pin_state: PinState
    purpose: str = "sign_in"  # "sign_in", "unlock" or "override"
    password_needed: bool = False
    failure: str | None = None  # why the last attempt failed, shown above the PIN field
    others: tuple[TokenChoice, ...] = ()  # other tokens present, to switch to

    @property
    def warnings(self) -> tuple[str, ...]:
        """The PIN state in words, most serious first."""
        state = self.pin_state
        found = []
        if state.locked:
            found.append(
                "This card's PIN is locked after too many wrong attempts. "
                "Ask your registration authority to unlock it."
            )
        if state.must_change:
            found.append("This card's PIN must be changed before it can be used.")
        if state.final_try:
            found.append("Final try: one more wrong PIN will lock this card.")
        elif state.tries_unknown:
            found.append(TRIES_UNKNOWN)
        elif state.count_low:
            found.append("A wrong PIN was entered recently: few tries are left.")
        return tuple(found)

    @property
    def can_submit(self) -> bool:
        return not (self.pin_state.locked or self.pin_state.must_change)

    @property
    def pin_pad(self) -> bool:
        """The reader has its own keypad: the PIN is typed there, never into this window."""
        return self.pin_state.protected_authentication_path
