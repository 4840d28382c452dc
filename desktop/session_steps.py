"""The card and directory steps of a session, run off the GUI thread for the session driver,
and what they leave it holding.

    steps = SessionSteps(tokens, client, runner=network_pool, card_runner=card_pool, busy=busy)
    steps.sign_in(token_id, pin, password, success=opened, failure=refused)  # -> OpenSession
    steps.change_and_sign_in(token_id, current, new, password, success, failure)
    steps.change_pin(token, current, new, success, failure)   # the session's card
    steps.end(session, token)                                              # best effort

The steps themselves are desktop.signin's (no Qt there); this class puts each on its runner
and counts it as work under way. A sign-in ends in a network call, so it runs on the
network pool; card-only steps (a PIN state, an unlock) on their own, so that a slow
directory holding every pool thread cannot keep a PIN prompt or an unlock waiting.
Outcomes come back on the GUI thread, where the driver checks them against the session
machine's state before believing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.busy import BusyCount
from desktop.identity import SignedInUser
from desktop.operations import Runner
from desktop.signin import (
    Opened,
    change_and_sign_in,
    change_pin,
    end_session,
    read_change_rules,
    read_pin_state,
    sign_in,
    unlock,
)
from devices import wipe
from smartcard import PinLengths, PinState, TokenLike, TokenSource
from sync import DirectoryClient, Session

Failure = Callable[[Exception], None]


@dataclass(frozen=True, slots=True)
class OpenSession:
    """The session while it is ACTIVE or LOCKED: the card it was opened with (and its
    certificate, to know it again), the directory session and who it is."""

    token: TokenLike
    certificate: bytes
    session: Session
    user: SignedInUser


class PinBuffer:
    """The PIN the dialog handed over (and the password with it), until a step takes it;
    from the PIN-change dialog, the current PIN and the new one."""

    def __init__(self) -> None:
        self._pin: bytearray | None = None
        self._password: str | None = None
        self._new: bytearray | None = None

    def hold(self, pin: bytearray, password: str | None, *, new: bytearray | None = None) -> None:
        self.drop()
        self._pin, self._password, self._new = pin, password, new

    def take_new(self) -> bytearray | None:
        """The new PIN, if a PIN change was handed over: now the taker's to zero."""
        new, self._new = self._new, None
        return new

    def take(self) -> tuple[bytearray | None, str | None]:
        """The PIN and password, now the taker's to zero; the buffer is empty after."""
        pin, password = self._pin, self._password
        self._pin = self._password = None
        return pin, password

    def drop(self) -> None:
        """Zero the PINs still held, if any."""
        for held in (self._pin, self._new):
            if held is not None:
                wipe(held)
        self._pin = self._password = self._new = None


class SessionSteps:
    def __init__(
        self,
        tokens: TokenSource,
        client: DirectoryClient,
        *,
        runner: Runner,
        card_runner: Runner,
        busy: BusyCount,
    ) -> None:
        self._tokens = tokens
        self._client = client
        self._runner = runner
        self._card_runner = card_runner
        self._busy = busy

    def read_pin_state(
        self, token_id: str, success: Callable[[PinState], None], failure: Failure
    ) -> None:
        """The card's PIN flags, read now: before every prompt (DESIGN.md 4)."""
        operation = self._card_runner.run(
            lambda: read_pin_state(self._tokens, token_id), success=success, failure=failure
        )
        self._busy.track(operation)

    def sign_in(
        self,
        token_id: str,
        pin: bytearray,
        password: str | None,
        success: Callable[[OpenSession], None],
        failure: Failure,
    ) -> None:
        """The PIN given to the card once, then the directory's session (`pin` is zeroed)."""

        def work() -> OpenSession:
            return _held(sign_in(self._tokens, self._client, token_id, pin, password))

        self._busy.track(self._runner.run(work, success=success, failure=failure))

    def change_and_sign_in(
        self,
        token_id: str,
        current: bytearray,
        new: bytearray,
        password: str | None,
        success: Callable[[OpenSession], None],
        failure: Failure,
    ) -> None:
        """The card's PIN changed, then a sign-in with the new one (both PINs zeroed)."""

        def work() -> OpenSession:
            opened = change_and_sign_in(
                self._tokens, self._client, token_id, current, new, password
            )
            return _held(opened)

        self._busy.track(self._runner.run(work, success=success, failure=failure))

    def read_change_rules(
        self,
        token_id: str,
        success: Callable[[tuple[PinState, PinLengths]], None],
        failure: Failure,
    ) -> None:
        """The card's PIN flags and new-PIN lengths, read now: before every PIN-change dialog."""
        operation = self._card_runner.run(
            lambda: read_change_rules(self._tokens, token_id), success=success, failure=failure
        )
        self._busy.track(operation)

    def change_pin(
        self,
        token: TokenLike,
        current: bytearray,
        new: bytearray,
        success: Callable[[None], None],
        failure: Failure,
    ) -> None:
        """The session's card's PIN changed (both PINs zeroed); the login stays."""
        operation = self._card_runner.run(
            lambda: change_pin(self._tokens.worker, token, current, new),
            success=success,
            failure=failure,
        )
        self._busy.track(operation)

    def unlock(
        self,
        token_id: str,
        held: OpenSession,
        pin: bytearray,
        success: Callable[[TokenLike], None],
        failure: Failure,
    ) -> None:
        """The PIN verified again on the session's card; the token to use from then on."""
        operation = self._card_runner.run(
            lambda: unlock(self._tokens, token_id, held.certificate, held.token, pin),
            success=success,
            failure=failure,
        )
        self._busy.track(operation)

    def end(self, session: Session | None, token: TokenLike | None) -> None:
        """End a directory session and log a card out, best effort (never fails)."""
        self._runner.run(
            lambda: end_session(self._client, self._tokens.worker, session, token),
            success=_ignore,
            failure=_ignore,
        )

    def wait(self) -> None:
        """Block until every step has ended (shutdown only)."""
        self._runner.wait()
        self._card_runner.wait()


def _held(done: Opened) -> OpenSession:
    user = done.session.user
    who = SignedInUser(user.name, user.organisation, user.roles, user.local_authority)
    return OpenSession(done.token, done.certificate, done.session, who)


def _ignore(_: object) -> None:
    pass
