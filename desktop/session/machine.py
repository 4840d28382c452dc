"""The session state machine: every event in every state, decided in one place.

Pure Python, no Qt and no I/O: the Qt layer feeds it events (token poller, PIN dialog,
idle and OS-lock monitors, directory client, menu) and executes the effects it returns.
It holds the token id and the user's name, never a PIN, key or directory credential.

The LOCKED and SIGNED_OUT states are split below by whether a token is in the reader
("in"/"out"); LOCKED "verifying" means a PIN was submitted to unlock and its result is
awaited. Token A is the one last seen (in LOCKED: the signed-in user's), B any other.
A dash means the event is ignored: the state is kept and the result is not accepted.

Effect groups (in this order):
  TEARDOWN = HIDE_ALL_WINDOWS, CLEAR_RECORD_VIEWS, WIPE_CACHE_KEY
  SIGN_OUT = TEARDOWN, END_DIRECTORY_SESSION

State (token)     Event                        Next state            Effects
----------------  ---------------------------  --------------------  -------------------------
NO_TOKEN          TokenInserted(any)           TOKEN_PRESENT         ASK_FOR_PIN
NO_TOKEN          anything else                -
TOKEN_PRESENT     TokenInserted(A)             -                     (the poller saw it again)
TOKEN_PRESENT     TokenInserted(B)             TOKEN_PRESENT (B)     ASK_FOR_PIN
TOKEN_PRESENT     TokenRemoved                 NO_TOKEN              ASK_FOR_TOKEN
TOKEN_PRESENT     PinSubmitted                 AUTHENTICATING        AUTHENTICATE
TOKEN_PRESENT     anything else                -
AUTHENTICATING    TokenInserted(A)             -
AUTHENTICATING    TokenInserted(B)             TOKEN_PRESENT (B)     ASK_FOR_PIN
AUTHENTICATING    TokenRemoved                 NO_TOKEN              ASK_FOR_TOKEN
AUTHENTICATING    AuthenticationSucceeded(A)   ACTIVE                SHOW_MAIN_WINDOW
AUTHENTICATING    AuthenticationSucceeded(B)   -                     (late, for a swapped token)
AUTHENTICATING    AuthenticationFailed(why)    TOKEN_PRESENT         ASK_FOR_PIN (saying why)
AUTHENTICATING    anything else                -
ACTIVE            TokenInserted(A)             -
ACTIVE            TokenInserted(B)             SIGNED_OUT, then      SIGN_OUT, ASK_FOR_PIN
                                               TOKEN_PRESENT (B)
ACTIVE            TokenRemoved                 LOCKED (out)          TEARDOWN, ASK_FOR_TOKEN
ACTIVE            IdleTimeout, OsLocked        LOCKED (in)           TEARDOWN, ASK_FOR_PIN
ACTIVE            DirectorySessionExpired,     SIGNED_OUT (in)       SIGN_OUT, ASK_FOR_PIN
                  SignOut
ACTIVE            anything else                -
LOCKED (out)      TokenInserted(A)             LOCKED (in)           ASK_FOR_PIN
LOCKED (out)      TokenInserted(B)             SIGNED_OUT, then      SIGN_OUT, ASK_FOR_PIN
                                               TOKEN_PRESENT (B)
LOCKED (out)      DirectorySessionExpired,     SIGNED_OUT (out)      SIGN_OUT, ASK_FOR_TOKEN
                  SignOut
LOCKED (out)      anything else                -
LOCKED (in)       TokenInserted(A)             -
LOCKED (in)       TokenInserted(B)             SIGNED_OUT, then      SIGN_OUT, ASK_FOR_PIN
                                               TOKEN_PRESENT (B)
LOCKED (in)       TokenRemoved                 LOCKED (out)          ASK_FOR_TOKEN
LOCKED (in)       PinSubmitted                 LOCKED (verifying)    VERIFY_PIN
LOCKED (in)       DirectorySessionExpired,     SIGNED_OUT (in)       SIGN_OUT, ASK_FOR_PIN
                  SignOut
LOCKED (in)       anything else (Unlocked too) -
LOCKED (verify.)  as LOCKED (in), except:
LOCKED (verify.)  PinSubmitted                 -                     (already verifying)
LOCKED (verify.)  Unlocked                     ACTIVE                SHOW_MAIN_WINDOW
LOCKED (verify.)  AuthenticationFailed(why)    LOCKED (in)           ASK_FOR_PIN (saying why)
SIGNED_OUT (out)  TokenInserted(any)           TOKEN_PRESENT         ASK_FOR_PIN
SIGNED_OUT (out)  anything else                -
SIGNED_OUT (in)   TokenInserted(A)             -
SIGNED_OUT (in)   TokenInserted(B)             TOKEN_PRESENT (B)     ASK_FOR_PIN
SIGNED_OUT (in)   TokenRemoved                 NO_TOKEN              ASK_FOR_TOKEN
SIGNED_OUT (in)   PinSubmitted                 AUTHENTICATING        AUTHENTICATE (a new login)
SIGNED_OUT (in)   anything else                -

Why these choices:
* A TokenInserted for the token already in the reader is the poller reporting it again,
  not a new insertion, so it changes nothing. A different token without a removal in
  between means the poller missed the removal: it is treated as a removal plus insertion.
* Only PinSubmitted produces AUTHENTICATE or VERIFY_PIN, so a failure can never lead to
  the PIN being tried again; the user is asked, and the dialog reads the PIN flags afresh.
  Why it failed travels with that prompt (Transition.failure), not as an effect of its own.
* Unlocked counts only after a PinSubmitted in LOCKED, with the session's token in the
  reader: a stray signal must not open a locked session.
* Locking wipes the cache key as well as the record views: the user has walked away, and
  the PIN re-verified on unlock unwraps the key again.
* Idle and OS lock are ignored before ACTIVE: no record has been shown yet, and the lock
  protects a session, which does not exist until authentication succeeds.
* The directory session is only meaningful in ACTIVE and LOCKED; its expiry anywhere else
  is late news about a session already gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from desktop.session.effects import Effect
from desktop.session.events import (
    AuthenticationFailed,
    AuthenticationSucceeded,
    DirectorySessionExpired,
    Event,
    IdleTimeout,
    OsLocked,
    PinSubmitted,
    SignOut,
    TokenInserted,
    TokenRemoved,
    Unlocked,
)
from desktop.session.states import State
from desktop.session.transition import Transition

TEARDOWN = (Effect.HIDE_ALL_WINDOWS, Effect.CLEAR_RECORD_VIEWS, Effect.WIPE_CACHE_KEY)
SIGN_OUT = (*TEARDOWN, Effect.END_DIRECTORY_SESSION)

Observer = Callable[[Transition], None]


class SessionMachine:
    """One desktop session. `handle` never raises; observers hear of every state change.

    Observers are called after the machine has moved, in the order they subscribed, with
    the same Transition that `handle` returns.
    """

    def __init__(self) -> None:
        self._state = State.NO_TOKEN
        # The token in the reader, as the poller last reported it.
        self._token: str | None = None
        # Who is signed in; set in ACTIVE and LOCKED only.
        self._user: str | None = None
        self._session_token: str | None = None
        # LOCKED only: a PIN was submitted to unlock and its verification is awaited.
        self._verifying = False
        self._observers: list[Observer] = []

    @property
    def state(self) -> State:
        return self._state

    @property
    def token_id(self) -> str | None:
        """The token in the reader, if any."""
        return self._token

    @property
    def user(self) -> str | None:
        """Who is signed in (ACTIVE or LOCKED), for display; None otherwise."""
        return self._user

    @property
    def verifying(self) -> bool:
        return self._verifying

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call `observer` on every state change; returns a function that unsubscribes."""
        self._observers.append(observer)

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)

        return unsubscribe

    def handle(self, event: Event) -> Transition:
        transition = self._dispatch(event)
        if not transition.changed:
            return transition
        errors: list[Exception] = []
        for observer in list(self._observers):
            try:
                observer(transition)
            except Exception as error:
                errors.append(error)
        # Caught so the caller still receives the effects: see Transition.observer_errors.
        return replace(transition, observer_errors=tuple(errors)) if errors else transition

    # -- dispatch, one method per state ---------------------------------------------------

    def _dispatch(self, event: Event) -> Transition:
        match self._state:
            case State.NO_TOKEN:
                return self._no_token(event)
            case State.TOKEN_PRESENT | State.SIGNED_OUT:
                return self._waiting(event)
            case State.AUTHENTICATING:
                return self._authenticating(event)
            case State.ACTIVE:
                return self._active(event)
            case State.LOCKED:
                return self._locked(event)

    def _no_token(self, event: Event) -> Transition:
        if isinstance(event, TokenInserted):
            return self._await_pin(event, event.token_id)
        return self._ignore(event)

    def _waiting(self, event: Event) -> Transition:
        """TOKEN_PRESENT, and SIGNED_OUT which differs only by showing that it signed out."""
        match event:
            case TokenInserted(token_id=token) if token != self._token:
                return self._await_pin(event, token)
            case TokenRemoved() if self._token is not None:
                self._token = None
                return self._move(event, State.NO_TOKEN, Effect.ASK_FOR_TOKEN)
            case PinSubmitted() if self._token is not None:
                return self._move(event, State.AUTHENTICATING, Effect.AUTHENTICATE)
        return self._ignore(event)

    def _authenticating(self, event: Event) -> Transition:
        match event:
            case TokenInserted(token_id=token) if token != self._token:
                return self._await_pin(event, token)
            case TokenRemoved():
                self._token = None
                return self._move(event, State.NO_TOKEN, Effect.ASK_FOR_TOKEN)
            case AuthenticationSucceeded(user=user, token_id=token) if token == self._token:
                self._user, self._session_token = user, token
                return self._move(event, State.ACTIVE, Effect.SHOW_MAIN_WINDOW)
            case AuthenticationFailed(reason=reason):
                return self._move(event, State.TOKEN_PRESENT, Effect.ASK_FOR_PIN, failure=reason)
        return self._ignore(event)

    def _active(self, event: Event) -> Transition:
        match event:
            case TokenInserted(token_id=token) if token != self._token:
                return self._swap_user(event, token)
            case TokenRemoved():
                self._token = None
                return self._move(event, State.LOCKED, *TEARDOWN, Effect.ASK_FOR_TOKEN)
            case IdleTimeout() | OsLocked():
                return self._move(event, State.LOCKED, *TEARDOWN, Effect.ASK_FOR_PIN)
            case DirectorySessionExpired() | SignOut():
                return self._sign_out(event)
        return self._ignore(event)

    def _locked(self, event: Event) -> Transition:
        match event:
            case TokenInserted(token_id=token) if token == self._session_token:
                if self._token is not None:
                    return self._ignore(event)
                self._token = token
                return self._move(event, State.LOCKED, Effect.ASK_FOR_PIN)
            case TokenInserted(token_id=token):
                return self._swap_user(event, token)
            case TokenRemoved() if self._token is not None:
                self._token, self._verifying = None, False
                return self._move(event, State.LOCKED, Effect.ASK_FOR_TOKEN)
            case PinSubmitted() if self._token is not None and not self._verifying:
                self._verifying = True
                return self._move(event, State.LOCKED, Effect.VERIFY_PIN)
            case Unlocked() if self._verifying:
                self._verifying = False
                return self._move(event, State.ACTIVE, Effect.SHOW_MAIN_WINDOW)
            case AuthenticationFailed(reason=reason) if self._verifying:
                self._verifying = False
                return self._move(event, State.LOCKED, Effect.ASK_FOR_PIN, failure=reason)
            case DirectorySessionExpired() | SignOut():
                return self._sign_out(event)
        return self._ignore(event)

    # -- building blocks ------------------------------------------------------------------

    def _await_pin(self, event: Event, token: str) -> Transition:
        self._token = token
        return self._move(event, State.TOKEN_PRESENT, Effect.ASK_FOR_PIN)

    def _sign_out(self, event: Event) -> Transition:
        ask = Effect.ASK_FOR_TOKEN if self._token is None else Effect.ASK_FOR_PIN
        self._end_session()
        return self._move(event, State.SIGNED_OUT, *SIGN_OUT, ask)

    def _swap_user(self, event: Event, token: str) -> Transition:
        """A different token ends the first user's session before the new one may log in."""
        self._end_session()
        transition = self._await_pin(event, token)
        return replace(transition, effects=(*SIGN_OUT, *transition.effects), via=State.SIGNED_OUT)

    def _end_session(self) -> None:
        self._user = self._session_token = None
        self._verifying = False

    def _move(
        self, event: Event, state: State, *effects: Effect, failure: str | None = None
    ) -> Transition:
        previous = self._state
        self._state = state
        return Transition(
            event=event, previous=previous, state=state, effects=effects, failure=failure
        )

    def _ignore(self, event: Event) -> Transition:
        return Transition(event=event, previous=self._state, state=self._state, accepted=False)
