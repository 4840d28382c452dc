"""PinChangeRequests for the dialog tests: the synthetic card of tests/ui/prompts.py."""

from __future__ import annotations

from desktop import PinChangeRequest
from smartcard import PinLengths
from tests.ui.prompts import CARD, pin_state


def change_request(
    *, purpose: str = "sign_in", failure: str | None = None, **flags: bool
) -> PinChangeRequest:
    state = pin_state(must_change=purpose == "sign_in", **flags)
    return PinChangeRequest(7, CARD, state, PinLengths(4, 8), purpose, failure)  # type: ignore[arg-type]
