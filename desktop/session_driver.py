"""The session driver: executes the session machine's effects and turns what happens around
it into the machine's events.

    driver = SessionDriver(policy, tokens, client, runner=..., card_runner=..., watch=...,
                           idle=..., os_lock=..., reach=..., cache=..., busy=...)
    driver.pin_wanted.connect(show_pin_dialog)      # ... and its other five signals
    driver.start()
    driver.submit_pin(pin_bytearray, password)      # from the PIN dialog

The session machine (desktop.session) decides; this class does what each effect says: asks
for the card or the PIN (desktop.session_asks: the PIN dialog, or the PIN change for a card
whose PIN must change first, desktop.pin_change), signs in and unlocks
(SessionSteps), shows and hides the windows (as signals), drops the directory work under
way (DirectoryWork) and opens and closes the cache (CacheLifecycle). Its events come from
the token poller (TokenWatch), the idle and OS-lock monitors, the PIN dialog, the
directory's answers and the user's menu.

It holds the session while there is one (ACTIVE and LOCKED, an OpenSession), and the PIN
the dialog handed over until AUTHENTICATE or VERIFY_PIN takes it (a PinBuffer). The parts
it builds see it only through their protocols: SessionGate (DirectoryWork and
CacheLifecycle) and SessionCard (desktop.directory_front).

Results of card and directory work come back on the GUI thread, where they are checked
against the machine's state before they are believed: a late answer for a card since
removed or swapped is dropped, and a session a late login opened is ended at once.

Its six signals are the session's half of desktop.controller.Controller's (listed there),
all emitted on the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal, Slot

from desktop.busy import BusyCount
from desktop.cache_lifecycle import CacheLifecycle
from desktop.controller_text import (
    INSERT_CARD,
    INSERT_CARD_AGAIN,
    USER_LOCKED,
    USER_SIGNED_OUT,
    os_locked,
    reason_for,
    unreadable_card,
)
from desktop.directory_work import DirectoryWork
from desktop.identity import SignedInUser
from desktop.idle import IdleMonitor
from desktop.login import TokenChoice
from desktop.operations import Runner
from desktop.oslock import OsLockMonitor
from desktop.pin_change.driver import PinChangeDriver
from desktop.pin_change.request import change_failure
from desktop.policy import MachinePolicy
from desktop.reachability import Reachability
from desktop.session import (
    AuthenticationFailed,
    AuthenticationSucceeded,
    DirectorySessionExpired,
    Effect,
    Event,
    IdleTimeout,
    OsLocked,
    PinSubmitted,
    SessionMachine,
    SignOut,
    State,
    TokenInserted,
    TokenRemoved,
    Transition,
    Unlocked,
)
from desktop.session_asks import SessionAsks
from desktop.session_cache import SessionCache
from desktop.session_steps import OpenSession, PinBuffer, SessionSteps
from desktop.signin import ChangedThenRefused, failure_sentence
from desktop.token_watch import TokenWatch
from devices import wipe
from smartcard import NoToken, TokenLike, TokenSource
from smartcard import TokenRemoved as CardRemoved
from sync import DirectoryClient

log = logging.getLogger(__name__)


class SessionDriver(QObject):
    token_wanted = Signal(str)
    pin_wanted = Signal(object)
    signed_in = Signal(object)
    locked = Signal(str)
    records_cleared = Signal()
    signed_out = Signal(str)

    def __init__(
        self,
        policy: MachinePolicy,
        tokens: TokenSource,
        client: DirectoryClient,
        *,
        runner: Runner,
        card_runner: Runner,
        watch: TokenWatch,
        idle: IdleMonitor,
        os_lock: OsLockMonitor,
        reach: Reachability,
        cache: SessionCache,
        busy: BusyCount,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._steps = SessionSteps(
            tokens, client, runner=runner, card_runner=card_runner, busy=busy
        )
        self._reach = reach
        self._machine = SessionMachine()
        self._machine.subscribe(_log_transition)
        self._watch = watch
        watch.arrived.connect(self._token_arrived)
        watch.departed.connect(self._token_departed)
        self._idle = idle
        idle.idle.connect(self._idle_timeout)
        self._os_lock = os_lock
        os_lock.locked.connect(self._os_locked)
        self.work = DirectoryWork(runner, reach, self, busy, parent=self)
        self._cache = CacheLifecycle(cache, self.work, self, client, reach, parent=self)

        self._started = False
        self._open: OpenSession | None = None
        # Changes on every accepted transition: a PIN prompt read, or directory work queued,
        # for an earlier state is void (every accepted event in ACTIVE leaves ACTIVE).
        self._serial = 0
        self._pin = PinBuffer()
        # Its dialog instead of the PIN dialog for a card whose PIN must change first.
        self.pin_change = PinChangeDriver(self._steps, self, parent=self)
        self._asks = SessionAsks(
            self._steps,
            watch,
            self.pin_change,
            password_required=policy.password_required,
            prompt=self.pin_wanted.emit,
            unreadable=self.card_unreadable,
        )
        # The words only the moment knows: which lock, which refusal (reason_for).
        self._os_reason = USER_LOCKED
        self._expiry_reason = USER_SIGNED_OUT

    # --- what the Controller and the parts read -------------------------------------------

    @property
    def machine(self) -> SessionMachine:
        return self._machine

    @property
    def started(self) -> bool:
        return self._started

    @property
    def user(self) -> SignedInUser | None:
        return None if self._open is None else self._open.user

    @property
    def active(self) -> bool:
        return self._machine.state is State.ACTIVE and self._open is not None

    @property
    def serial(self) -> int:
        return self._serial

    @property
    def card(self) -> TokenLike | None:
        return None if self._open is None else self._open.token

    def active_card(self) -> TokenChoice | None:
        token_id = self._machine.token_id
        if self._machine.state is not State.ACTIVE or token_id is None:
            return None
        return self._asks.choice(token_id)

    def expired(self, reason: str) -> bool:
        self._expiry_reason = reason
        transition = self._handle(DirectorySessionExpired())
        return transition is not None and transition.accepted

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Ask for the card, and watch for it and for the OS lock."""
        self._started = True
        self.token_wanted.emit(INSERT_CARD)
        self._watch.start()
        self._os_lock.start()

    def stop(self) -> None:
        """Stop watching, drop the work and the PIN, end the session (best effort), wait."""
        self._started = False
        self._watch.stop()
        self._os_lock.stop()
        self._idle.disarm()
        self.work.cancel()
        self._pin.drop()
        self.pin_change.end()
        held, self._open = self._open, None
        if held is not None:
            self._steps.end(held.session, held.token)
        self._cache.close()
        self._steps.wait()
        self._cache.wait()

    # --- the user's requests ---------------------------------------------------------------

    def submit_pin(self, pin: bytearray, password: str | None = None) -> None:
        """The PIN dialog's answer. `pin` is zeroed after use, or at once if it is not used."""
        self._pin.hold(pin, password)
        try:
            self._handle(PinSubmitted())
        finally:
            self._pin.drop()  # still here: the machine did not want a PIN now

    def change_then_sign_in(self, current: bytearray, new: bytearray) -> None:
        """The PIN-change dialog's answer before sign-in: held as a PIN is (zeroed after)."""
        self._pin.hold(current, None, new=new)
        try:
            self._handle(PinSubmitted())
        finally:
            self._pin.drop()

    @Slot()
    def change_pin(self) -> None:
        """The person asked to change the PIN of the session's card (ACTIVE only)."""
        if self.active:
            self.pin_change.start()

    @Slot(str)
    def choose_token(self, token_id: str) -> None:
        """The person picked another card in the reader list."""
        if any(choice.token_id == token_id for choice in self._watch.present()):
            self._handle(TokenInserted(token_id))

    @Slot()
    def sign_out(self) -> None:
        self._handle(SignOut())

    @Slot()
    def lock_now(self) -> None:
        """The person asked to lock: the same as the computer locking."""
        self._os_reason = USER_LOCKED
        self._handle(OsLocked())

    # --- events from around the machine ----------------------------------------------------

    @Slot(str)
    def _token_arrived(self, token_id: str) -> None:
        self._handle(TokenInserted(token_id))

    @Slot()
    def _token_departed(self) -> None:
        self._handle(TokenRemoved())

    @Slot()
    def _idle_timeout(self) -> None:
        self._handle(IdleTimeout())

    @Slot(str)
    def _os_locked(self, reason: str) -> None:
        self._os_reason = os_locked(reason)
        self._handle(OsLocked())

    # --- the machine and its effects -------------------------------------------------------

    def _handle(self, event: Event) -> Transition | None:
        if not self._started:
            return None
        transition = self._machine.handle(event)
        for error in transition.observer_errors:
            log.error("session observer failed (%s)", type(error).__name__)
        if transition.accepted:
            self._serial += 1
            self._apply(transition)
        return transition

    def _apply(self, transition: Transition) -> None:
        for effect in transition.effects:
            match effect:
                case Effect.ASK_FOR_TOKEN:
                    self.pin_change.end()
                    locked = transition.state is State.LOCKED
                    self.token_wanted.emit(INSERT_CARD_AGAIN if locked else INSERT_CARD)
                case Effect.ASK_FOR_PIN:
                    self._ask_for_pin(transition.failure)
                case Effect.AUTHENTICATE:
                    self._authenticate()
                case Effect.VERIFY_PIN:
                    self._verify()
                case Effect.SHOW_MAIN_WINDOW:
                    self._show_main_window()
                case Effect.HIDE_ALL_WINDOWS:
                    self.pin_change.end()
                    self._idle.disarm()
                    self.locked.emit(self._reason(transition.event))
                case Effect.CLEAR_RECORD_VIEWS:
                    self.work.cancel()
                    self.records_cleared.emit()
                case Effect.WIPE_CACHE_KEY:
                    self._cache.close()
                case Effect.END_DIRECTORY_SESSION:
                    self._end_session(self._reason(transition.event))

    def _reason(self, event: Event) -> str:
        return reason_for(event, self._os_reason, self._expiry_reason)

    def _ask_for_pin(self, failure: str | None) -> None:
        token_id = self._machine.token_id
        if token_id is None:
            return
        serial = self._serial
        purpose = "unlock" if self._machine.state is State.LOCKED else "sign_in"
        self._asks.ask(token_id, purpose, failure, lambda: serial == self._serial)

    def card_unreadable(self, error: Exception) -> None:
        # A card pulled out meanwhile is reported by the poller in a moment.
        if not isinstance(error, NoToken | CardRemoved):
            self.token_wanted.emit(unreadable_card(failure_sentence(error)))

    def _authenticate(self) -> None:
        pin, password = self._pin.take()
        new = self._pin.take_new()  # from the PIN-change dialog: change, then sign in
        token_id = self._machine.token_id
        if pin is None or token_id is None:
            if new is not None:
                wipe(new)
            self._handle(AuthenticationFailed("No PIN was given."))
            return

        def opened(done: OpenSession) -> None:
            machine = self._machine
            if not (
                self._started
                and machine.state is State.AUTHENTICATING
                and machine.token_id == token_id
            ):
                # The card was removed or swapped while this was on its way: the session
                # it opened belongs to nobody now.
                self._steps.end(done.session, done.token)
                return
            self._reach.answered()
            self._open = done
            self._asks.signed_in(token_id)
            self._handle(AuthenticationSucceeded(done.user.name, token_id))

        def refused(error: Exception) -> None:
            self._reach.failed(error)
            self._asks.refused(token_id, error)
            card_said_no = new is not None and not isinstance(error, ChangedThenRefused)
            why = change_failure(error) if card_said_no else failure_sentence(error)
            self._handle(AuthenticationFailed(why))

        if new is None:
            self._steps.sign_in(token_id, pin, password, opened, refused)
        else:
            self._steps.change_and_sign_in(token_id, pin, new, password, opened, refused)

    def _verify(self) -> None:
        pin, _ = self._pin.take()
        token_id = self._machine.token_id
        held = self._open
        if pin is None or token_id is None or held is None:
            self._handle(AuthenticationFailed("The PIN could not be checked; sign out and in."))
            return

        def verified(token: TokenLike) -> None:
            machine = self._machine
            still = self._open
            if not (machine.state is State.LOCKED and machine.verifying and self._started):
                self._steps.end(None, token)
                return
            if still is not None:  # LOCKED keeps the session: always so
                self._open = replace(still, token=token)
            self._handle(Unlocked())

        def refused(error: Exception) -> None:
            self._handle(AuthenticationFailed(failure_sentence(error)))

        self._steps.unlock(token_id, held, pin, verified, refused)

    def _show_main_window(self) -> None:
        self.pin_change.end()
        held = self._open
        if held is None:  # cannot happen: ACTIVE is reached with a user only
            log.error("main window asked for with nobody signed in")
            return
        self._idle.arm()
        self.signed_in.emit(held.user)
        self._cache.open(held.token, held.certificate)

    def _end_session(self, reason: str) -> None:
        held, self._open = self._open, None
        self._idle.disarm()
        if held is not None:
            self._steps.end(held.session, held.token)
        self.signed_out.emit(reason)


def _log_transition(transition: Transition) -> None:
    # State names only: the token id is a label that may be a person's name.
    via = f" via {transition.via.name}" if transition.via is not None else ""
    log.info("session %s -> %s%s", transition.previous.name, transition.state.name, via)
