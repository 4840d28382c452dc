"""PinPrompts for the dialog tests: a synthetic card with the PIN flags a test needs."""

from __future__ import annotations

from desktop.login import PinPrompt, TokenChoice
from smartcard import PinState

CARD = TokenChoice("Training card 1/0001", "Training card 1")
OTHER_CARD = TokenChoice("Training card 2/0002", "Training card 2")


def pin_state(
    *,
    count_low: bool = False,
    final_try: bool = False,
    locked: bool = False,
    must_change: bool = False,
    pin_pad: bool = False,
) -> PinState:
    return PinState(
        count_low=count_low,
        final_try=final_try,
        locked=locked,
        must_change=must_change,
        protected_authentication_path=pin_pad,
    )


def pin_prompt(
    *,
    purpose: str = "sign_in",
    password_needed: bool = False,
    failure: str | None = None,
    others: tuple[TokenChoice, ...] = (),
    **flags: bool,
) -> PinPrompt:
    return PinPrompt(
        token=CARD,
        pin_state=pin_state(**flags),
        purpose=purpose,
        password_needed=password_needed,
        failure=failure,
        others=others,
    )
