"""What the PIN-change dialog shows and what is wrong with what was typed: the PIN change's
sentences (but for desktop.signin.CHANGED_THEN_REFUSED, a sign-in's outcome).

The request carries no PIN. The dialog collects the current PIN and the new one twice into
bytearrays and hands them over; `problem_with` reads them without copying, and whoever
holds them zeroes them (DESIGN.md 4, "Token").
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace
from typing import Literal

from desktop.login import PinPrompt, TokenChoice
from desktop.signin import failure_sentence, tries_warning
from smartcard import NewPinRefused, PinLengths, PinState, WrongPin

Purpose = Literal["sign_in", "menu"]

HEADINGS: dict[Purpose, str] = {
    "sign_in": "Change your PIN to sign in",
    "menu": "Change your card's PIN",
}
EXPLANATIONS: dict[Purpose, str] = {
    "sign_in": (
        "This card's PIN must be changed before it can be used. Enter the PIN you have now, "
        "then choose a new one; you are signed in with the new PIN."
    ),
    "menu": "Enter the PIN you have now, then choose a new one. The card keeps its keys.",
}
NO_CURRENT = "Enter the card's current PIN."
NO_NEW = "Enter the new PIN, twice."
MISMATCH = "The two new PINs are not the same. Type the new PIN twice, the same both times."
TOO_SHORT = "The new PIN is too short: this card needs at least {minimum} characters."
TOO_LONG = "The new PIN is too long: this card takes at most {maximum} characters."
SAME_AS_CURRENT = "The new PIN is the same as the current one. Choose a different PIN."
CURRENT_WRONG = "The current PIN was not correct, so the PIN was not changed."
NEW_REFUSED = (
    "The card does not accept that new PIN (its length or its characters), so the PIN was "
    "not changed. Choose another."
)
UNCHANGED = "The PIN was not changed."
CHANGED = "Your PIN has been changed. Use the new PIN from now on."


@dataclass(frozen=True, slots=True)
class PinChangeRequest:
    """One showing of the PIN-change dialog; its answers carry `ticket` back."""

    ticket: int
    token: TokenChoice
    pin_state: PinState  # read from the card just before
    lengths: PinLengths  # CK_TOKEN_INFO's, read just before
    purpose: Purpose
    failure: str | None = None  # why the last attempt was refused (nothing was changed)

    @property
    def heading(self) -> str:
        return HEADINGS[self.purpose]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.purpose]

    @property
    def rule(self) -> str:
        low, high = self.lengths.minimum, self.lengths.maximum
        return f"The new PIN must be {low} to {high} characters long."

    @property
    def warnings(self) -> tuple[str, ...]:
        """The PIN state in words, as the PIN dialog says it (less its must-change line:
        the explanation says that)."""
        return PinPrompt(self.token, replace(self.pin_state, must_change=False)).warnings

    @property
    def can_submit(self) -> bool:
        return not self.pin_state.locked


def problem_with(
    current: bytearray, new: bytearray, again: bytearray, lengths: PinLengths
) -> str | None:
    """Why these PINs must not go to the card, or None. Checked before the card is asked, so
    that a slip of the finger costs none of the card's tries. Lengths are in UTF-8 bytes,
    as PKCS#11 counts them."""
    if not current:
        return NO_CURRENT
    if not new or not again:
        return NO_NEW
    if not hmac.compare_digest(new, again):
        return MISMATCH
    if len(new) < lengths.minimum:
        return TOO_SHORT.format(minimum=lengths.minimum)
    if len(new) > lengths.maximum:
        return TOO_LONG.format(maximum=lengths.maximum)
    if hmac.compare_digest(new, current):
        return SAME_AS_CURRENT
    return None


def change_failure(error: Exception) -> str:
    """Why the card did not change the PIN, in a sentence for the person at the desk."""
    if isinstance(error, WrongPin):
        tries = tries_warning(error.pin_state)
        return CURRENT_WRONG if tries is None else f"{CURRENT_WRONG} {tries}"
    if isinstance(error, NewPinRefused):
        return NEW_REFUSED
    return f"{failure_sentence(error)} {UNCHANGED}"
