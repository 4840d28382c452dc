"""What answers the session machine's ASK_FOR_PIN: the PIN dialog, or the PIN change for a
card whose PIN must change before it signs in; and what each card's last refused login
taught (the directory wants a password with it; the card's PIN has expired).

    asks = SessionAsks(steps, watch, pin_change, password_required=..., prompt=..., unreadable=...)
    asks.ask(token_id, purpose, failure, serial)   # reads the card, then one of the two
    asks.refused(token_id, error) / asks.signed_in(token_id)

A card says its PIN must change by its flag (CKF_USER_PIN_TO_BE_CHANGED, read fresh with
the PIN state before every prompt) or only by refusing a login (CKR_PIN_EXPIRED,
smartcard.PinMustChange): the second is remembered here until a sign-in succeeds or a
change has been made. Unlock and override prompts are never replaced: a session already
open was opened with a PIN the card accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.login import PinPrompt, TokenChoice
from desktop.pin_change.driver import PinChangeDriver
from desktop.session_steps import SessionSteps
from desktop.signin import ChangedThenRefused, label_of, needs_password
from desktop.token_watch import TokenWatch
from smartcard import PinMustChange, PinState


class SessionAsks:
    def __init__(
        self,
        steps: SessionSteps,
        watch: TokenWatch,
        pin_change: PinChangeDriver,
        *,
        password_required: bool,
        prompt: Callable[[PinPrompt], None],
        unreadable: Callable[[Exception], None],
    ) -> None:
        self._steps = steps
        self._watch = watch
        self._pin_change = pin_change
        self._password_required = password_required
        self._prompt = prompt
        self._unreadable = unreadable
        self._password_asked: set[str] = set()  # tokens the directory asked a password of
        self._change_asked: set[str] = set()  # tokens that refused a login: PIN expired

    def ask(
        self, token_id: str, purpose: str, failure: str | None, current: Callable[[], bool]
    ) -> None:
        """Read the card, then ask; `current()` says whether the moment asked for still is."""
        choice = self.choice(token_id)
        if purpose == "sign_in" and token_id in self._change_asked:
            self._pin_change.ask_before_sign_in(choice, failure)
            return
        password_needed = purpose == "sign_in" and (
            self._password_required or token_id in self._password_asked
        )
        others = tuple(c for c in self._watch.present() if c.token_id != token_id)

        def show(state: PinState) -> None:
            if not current():
                return
            if purpose == "sign_in" and state.must_change:
                self._pin_change.ask_before_sign_in(choice, failure)
                return
            self._pin_change.end()
            self._prompt(PinPrompt(choice, state, purpose, password_needed, failure, others))

        def unreadable(error: Exception) -> None:
            if current():
                self._unreadable(error)

        self._steps.read_pin_state(token_id, show, unreadable)

    def refused(self, token_id: str, error: Exception) -> None:
        """What a refused sign-in teaches about the card for its next prompt."""
        if needs_password(error):
            self._password_asked.add(token_id)
        if isinstance(error, PinMustChange):
            self._change_asked.add(token_id)
        if isinstance(error, ChangedThenRefused):
            self._change_asked.discard(token_id)  # the card's PIN is the new one now

    def signed_in(self, token_id: str) -> None:
        self._change_asked.discard(token_id)

    def choice(self, token_id: str) -> TokenChoice:
        for choice in self._watch.present():
            if choice.token_id == token_id:
                return choice
        return TokenChoice(token_id=token_id, label=label_of(token_id))
