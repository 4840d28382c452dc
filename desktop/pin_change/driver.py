"""The PIN-change driver: runs the flow (desktop.pin_change.flow) for the session driver,
reading the card and changing its PIN off the GUI thread, and tells the dialog what to
show through signals.

    changes = PinChangeDriver(steps, host)       # host: the SessionDriver (PinChangeHost)
    changes.wanted.connect(show_dialog)          # PinChangeRequest
    changes.closed.connect(close_dialog)
    changes.told.connect(show_notice)            # a sentence: changed, or could not read
    changes.start()                              # the session header's "Change PIN…"
    ...  dialog.submitted -> changes.submit(ticket, current, new, again)
         dialog.cancelled -> changes.cancel(ticket)

Two ways in. Before sign-in (the card's flag, or CKR_PIN_EXPIRED at the last login) the
session driver calls `ask_before_sign_in` instead of showing the PIN dialog, and a
change the flow lets through goes back to it (`host.change_then_sign_in`): it is the
session's PinSubmitted, so the session machine moves to AUTHENTICATING as for a PIN, and
the change and the sign-in with the new PIN run as one step. From the session header
(ACTIVE only) the change runs here, on the session's card; its login stays.

Every card call goes through the PKCS#11 worker (desktop.signin); outcomes come back on
the GUI thread and are dropped if the session has moved since (`host.serial`).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal

from desktop.login import TokenChoice
from desktop.pin_change.flow import Ask, Change, PinChangeFlow, Stage
from desktop.pin_change.request import CHANGED, PinChangeRequest, Purpose, change_failure
from desktop.session_steps import SessionSteps
from desktop.signin import failure_sentence
from devices import wipe
from smartcard import PinLengths, PinState, TokenLike


class PinChangeHost(Protocol):
    """What the driver uses of desktop.session_driver.SessionDriver."""

    @property
    def serial(self) -> int: ...
    @property
    def card(self) -> TokenLike | None: ...

    def active_card(self) -> TokenChoice | None: ...
    def change_then_sign_in(self, current: bytearray, new: bytearray) -> None: ...
    def card_unreadable(self, error: Exception) -> None: ...


class PinChangeDriver(QObject):
    wanted = Signal(object)  # PinChangeRequest
    closed = Signal()
    told = Signal(str)

    def __init__(
        self, steps: SessionSteps, host: PinChangeHost, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._steps = steps
        self._host = host
        self._flow = PinChangeFlow()

    @property
    def stage(self) -> Stage:
        return self._flow.stage

    @property
    def request(self) -> PinChangeRequest | None:
        return self._flow.request

    # --- the two ways in -----------------------------------------------------------------

    def ask_before_sign_in(self, choice: TokenChoice, failure: str | None) -> None:
        """The card must have its PIN changed before it signs in: ask for the change."""
        self._read_and_ask(choice, "sign_in", failure)

    def start(self) -> None:
        """The person asked to change the PIN of the signed-in session's card."""
        choice = self._host.active_card()
        if choice is None or self._flow.stage is not Stage.IDLE:
            return
        self._read_and_ask(choice, "menu", None)

    def _read_and_ask(self, choice: TokenChoice, purpose: Purpose, failure: str | None) -> None:
        serial = self._host.serial

        def show(rules: tuple[PinState, PinLengths]) -> None:
            if serial == self._host.serial:
                state, lengths = rules
                self.wanted.emit(self._flow.ask(choice, state, lengths, purpose, failure))

        def unreadable(error: Exception) -> None:
            if serial != self._host.serial:
                return
            if purpose == "sign_in":
                self._host.card_unreadable(error)
            else:
                self.told.emit(failure_sentence(error))

        self._steps.read_change_rules(choice.token_id, show, unreadable)

    # --- the dialog's answers ------------------------------------------------------------

    def submit(self, ticket: int, current: bytearray, new: bytearray, again: bytearray) -> None:
        """The dialog's three PINs, each zeroed here or by the card step that takes them."""
        request = self._flow.request
        answer = self._flow.submit(ticket, current, new, again)
        if isinstance(answer, Ask):
            self.wanted.emit(answer.request)
        elif isinstance(answer, Change) and request is not None:
            if request.purpose == "sign_in":
                self._host.change_then_sign_in(answer.current, answer.new)
            else:
                self._change_session_card(answer)

    def cancel(self, ticket: int) -> None:
        if self._flow.cancel(ticket):
            self.closed.emit()

    def end(self) -> None:
        """The session moved on (locked, signed out, card out, signed in): close the dialog."""
        if self._flow.cancel():
            self.closed.emit()

    def _change_session_card(self, change: Change) -> None:
        token, serial = self._host.card, self._host.serial
        if token is None:  # cannot happen in ACTIVE; a PIN is never left unwiped regardless
            wipe(change.current)
            wipe(change.new)
            self.end()
            return

        def changed(_: None) -> None:
            if serial == self._host.serial and self._flow.changed() is not None:
                self.closed.emit()
                self.told.emit(CHANGED)

        def refused(error: Exception) -> None:
            if serial != self._host.serial:
                return
            state = getattr(error, "pin_state", None)
            again = self._flow.refused(change_failure(error), state)
            if again is not None:
                self.wanted.emit(again)

        self._steps.change_pin(token, change.current, change.new, changed, refused)
