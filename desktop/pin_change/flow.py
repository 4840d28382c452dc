"""The PIN change as a small state machine: pure Python, no Qt, no card. It is the same
for the change a card insists on before sign-in and for the one the person asks for from
the session header; the driver (desktop.pin_change.driver) reads the card, runs the
change on the PKCS#11 worker and feeds the outcome back.

Stage     Event                                 Next      Answer
--------  ------------------------------------  --------  ------------------------------------
any       ask(token, state, lengths, purpose)   ASKING    the request to show (a new ticket)
ASKING    submit(this ticket, PINs) - problem   ASKING    Ask: the request again, saying why
ASKING    submit(this ticket, PINs) - fine      CHANGING  Change: the current and new PIN
CHANGING  refused(why, state)                   ASKING    the request again, saying why
CHANGING  changed()                             IDLE
any       cancel(), or cancel(this ticket)      IDLE      whether a dialog was open
else      submit(...)                           -         None (a stale or doubled answer)

Why:
* Only `submit` with the ticket of the request on screen can lead to the card: an answer
  from a dialog already replaced, or a second press while the first is under way, is
  dropped, so the card is never asked twice for one decision (a card locks after a few
  wrong PINs, DESIGN.md 4).
* What is typed is checked before the card sees it (`problem_with`): two new PINs that
  differ, or one outside the card's lengths, change nothing and cost no try.
* PIN buffers: `submit` zeroes the confirmation always, and the current and new PIN unless
  it answers Change, whose holder then owns them and zeroes them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from desktop.login import MAX_PIN_LENGTH, TokenChoice
from desktop.pin_change.request import PinChangeRequest, Purpose, problem_with
from devices import wipe
from smartcard import PinLengths, PinState


class Stage(enum.Enum):
    IDLE = enum.auto()
    ASKING = enum.auto()
    CHANGING = enum.auto()


@dataclass(frozen=True, slots=True)
class Ask:
    """Show `request` again: what was typed was not sent to the card (request.failure: why)."""

    request: PinChangeRequest


@dataclass(frozen=True, slots=True)
class Change:
    """Give these to the card; the holder zeroes both (Token.change_pin does)."""

    current: bytearray = field(repr=False)
    new: bytearray = field(repr=False)


class PinChangeFlow:
    def __init__(self) -> None:
        self._stage = Stage.IDLE
        self._request: PinChangeRequest | None = None
        self._tickets = 0

    @property
    def stage(self) -> Stage:
        return self._stage

    @property
    def request(self) -> PinChangeRequest | None:
        """The request on screen or being carried out; None when IDLE."""
        return self._request

    def ask(
        self,
        token: TokenChoice,
        state: PinState,
        lengths: PinLengths,
        purpose: Purpose,
        failure: str | None = None,
    ) -> PinChangeRequest:
        self._tickets += 1
        if lengths.maximum > MAX_PIN_LENGTH >= lengths.minimum:
            # SoftHSM takes 255: a PIN the client's own fields could not take again is none.
            lengths = PinLengths(lengths.minimum, MAX_PIN_LENGTH)
        self._request = PinChangeRequest(self._tickets, token, state, lengths, purpose, failure)
        self._stage = Stage.ASKING
        return self._request

    def submit(
        self, ticket: int, current: bytearray, new: bytearray, again: bytearray
    ) -> Ask | Change | None:
        request = self._request
        try:
            if self._stage is not Stage.ASKING or request is None or ticket != request.ticket:
                wipe(current)
                wipe(new)
                return None
            problem = problem_with(current, new, again, request.lengths)
            if problem is not None:
                wipe(current)
                wipe(new)
                return Ask(self._again(request, problem, request.pin_state))
            self._stage = Stage.CHANGING
            return Change(current, new)
        finally:
            wipe(again)

    def refused(self, failure: str, state: PinState | None = None) -> PinChangeRequest | None:
        """The card refused (nothing changed): the request again, with the state read after."""
        request = self._request
        if self._stage is not Stage.CHANGING or request is None:
            return None
        return self._again(request, failure, state or request.pin_state)

    def changed(self) -> PinChangeRequest | None:
        """The card took the new PIN: the flow is over. The request it was for, if any."""
        request = self._request if self._stage is Stage.CHANGING else None
        if request is not None:
            self._stage, self._request = Stage.IDLE, None
        return request

    def cancel(self, ticket: int | None = None) -> bool:
        """End the flow (the dialog's Cancel with its ticket, or a lock or sign-out)."""
        request = self._request
        if request is None or (ticket is not None and ticket != request.ticket):
            return False
        self._stage, self._request = Stage.IDLE, None
        return True

    def _again(self, request: PinChangeRequest, failure: str, state: PinState) -> PinChangeRequest:
        self._tickets += 1
        self._request = replace(request, ticket=self._tickets, failure=failure, pin_state=state)
        self._stage = Stage.ASKING
        return self._request
