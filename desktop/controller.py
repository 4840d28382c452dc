"""The application core the ui talks to: the session machine, and everything it commands.

    controller = Controller(policy, tokens, client)     # tokens: smartcard.TokenSource
    controller.pin_wanted.connect(show_pin_dialog)      # ... and the other signals below
    controller.start()
    controller.submit_pin(pin_bytearray, password)      # from the PIN dialog
    controller.search(criteria, "fuzzy", success=show, failure=explain)   # -> Operation

The session machine (desktop.session) decides; this class executes the effects it returns
and turns what happens around it into its events: the token poller (TokenWatch), the idle
and OS-lock monitors, the PIN dialog, the directory's answers, and the user's menu.

Threads (DESIGN.md 4): card work and directory calls run on runners, never on the GUI
thread; every PKCS#11 call goes through the module's worker (desktop.signin). Results come
back on the GUI thread, where they are checked against the machine's state before they are
believed: a late answer for a card since removed or swapped is dropped, and a session a
late login opened is ended at once.

Signals (all emitted on the GUI thread):
    token_wanted(str)           "Insert your smartcard" / "Card removed: insert it to continue"
    pin_wanted(PinPrompt)       the PIN state in it was read from the card just before
    signed_in(SignedInUser)     show the main window (after a sign-in, and after an unlock)
    locked(str)                 hide every window and dialog at once; the str says why
    records_cleared()           drop every record and result view from memory
    signed_out(str)             the session is over; the str says why
    directory_status(DirectoryStatus)   on every change
    busy(bool)                  card or directory work under way, or all done

Directory work returns an Operation (desktop.operations): `success` and `failure` run on
the GUI thread, failures always as a desktop.problems.Problem. Outside ACTIVE the call is
refused with a Problem and nothing is sent (desktop.directory_work keeps that rule). Nothing
is logged about a person: state names, outcomes and error class names only. What the
controller says to the person is in desktop.controller_text.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot

from desktop.controller_text import (
    BAD_MODE,
    INSERT_CARD,
    INSERT_CARD_AGAIN,
    NOT_ACTIVE,
    USER_LOCKED,
    USER_SIGNED_OUT,
    os_locked,
    reason_for,
    unreadable_card,
)
from desktop.directory_work import BadRules, DirectoryWork, checked
from desktop.identity import DirectoryStatus, SignedInUser
from desktop.idle import IdleMonitor
from desktop.login import PinPrompt, TokenChoice
from desktop.operations import Operation, Runner
from desktop.oslock import OsLockMonitor
from desktop.policy import MachinePolicy
from desktop.problems import Problem, ProblemKind
from desktop.reachability import PROBE_INTERVAL_MS, Reachability
from desktop.records import SearchOutcome
from desktop.requests import (
    CeaseDraft,
    ContactDraft,
    InvolvementDraft,
    JustificationRule,
    OverrideDraft,
    OverrideReason,
    ShieldDraft,
)
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
from desktop.session_cache import SessionCache
from desktop.signin import (
    Opened,
    WorkerSigner,
    end_session,
    failure_sentence,
    label_of,
    needs_password,
    read_pin_state,
    reauthenticate,
    sign_in,
    unlock,
)
from desktop.token_watch import TokenWatch
from smartcard import NoToken, PinState, TokenLike, TokenSource
from smartcard import TokenRemoved as CardRemoved
from sync import (
    DirectoryClient,
    Mode,
    NotFoundOrHidden,
    Session,
)

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# Expired cache entries go on a timer as well as at opening (issue 5).
PURGE_INTERVAL_MS = 5 * 60_000


class Controller(QObject):
    token_wanted = Signal(str)
    pin_wanted = Signal(object)
    signed_in = Signal(object)
    locked = Signal(str)
    records_cleared = Signal()
    signed_out = Signal(str)
    directory_status = Signal(object)
    busy = Signal(bool)

    def __init__(
        self,
        policy: MachinePolicy,
        tokens: TokenSource,
        client: DirectoryClient,
        *,
        runner: Runner | None = None,
        poll_interval: float = 0.5,
        os_lock: OsLockMonitor | None = None,
        idle: IdleMonitor | None = None,
        probe_interval_ms: int = PROBE_INTERVAL_MS,
        cache: SessionCache | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._policy = policy
        self._cache = cache if cache is not None else SessionCache(policy.cache_hours)
        # One thread opens and closes the cache, so that a close at lock and an open at
        # unlock happen in the order the session went through them.
        self._cache_runner = Runner(max_threads=1, parent=self)
        self._purge = QTimer(self)
        self._purge.setInterval(PURGE_INTERVAL_MS)
        self._purge.timeout.connect(self._purge_cache)
        self._tokens = tokens
        self._client = client
        # Network calls (and sign-in, which ends in one) on this pool; card-only work on
        # its own, so that a slow directory holding every pool thread cannot keep a PIN
        # prompt or an unlock waiting.
        self._runner = runner if runner is not None else Runner(parent=self)
        self._card_runner = Runner(max_threads=2, parent=self)
        self._machine = SessionMachine()
        self._machine.subscribe(_log_transition)
        self._watch = TokenWatch(tokens, poll_interval, self)
        self._watch.arrived.connect(self._token_arrived)
        self._watch.departed.connect(self._token_departed)
        minutes = policy.idle_timeout_minutes
        self._idle = idle if idle is not None else IdleMonitor(minutes * 60_000, self)
        self._idle.idle.connect(self._idle_timeout)
        self._os_lock = os_lock if os_lock is not None else OsLockMonitor(self)
        self._os_lock.locked.connect(self._os_locked)
        self._reach = Reachability(client, self._runner, probe_interval_ms, self)
        self._reach.changed.connect(self.directory_status)
        self._reach.changed.connect(self._directory_status_changed)

        self._started = False
        # The session: the card it was opened with (and its certificate, to know it
        # again), the directory session and who it is. Set in ACTIVE and LOCKED only.
        self._token: TokenLike | None = None
        self._certificate: bytes | None = None
        self._session: Session | None = None
        self._user: SignedInUser | None = None
        # Changes on every accepted transition: a PIN prompt read, or directory work queued,
        # for an earlier state is void (every accepted event in ACTIVE leaves ACTIVE).
        self._state_serial = 0
        # The PIN handed over by submit_pin, until AUTHENTICATE or VERIFY_PIN takes it.
        self._pin: bytearray | None = None
        self._password: str | None = None
        self._password_asked: set[str] = set()  # tokens the directory asked a password of
        self._os_reason = USER_LOCKED
        self._expiry_reason = USER_SIGNED_OUT
        self._working = 0
        self._work = DirectoryWork(
            self._runner,
            self._reach,
            is_active=self._has_session,
            serial=lambda: self._state_serial,
            session_expired=self._directory_signed_out,
            busy_with=self._busy_with,
            parent=self,
        )

    # --- what the ui reads -----------------------------------------------------------------

    @property
    def machine(self) -> SessionMachine:
        return self._machine

    @property
    def user(self) -> SignedInUser | None:
        return self._user

    @property
    def training(self) -> bool:
        return self._policy.training

    @property
    def status(self) -> DirectoryStatus:
        return self._reach.status

    @property
    def policy(self) -> MachinePolicy:
        return self._policy

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Watch for the card and the OS lock, and ask whether the directory answers."""
        if self._started:
            return
        self._started = True
        self.token_wanted.emit(INSERT_CARD)
        self._watch.start()
        self._os_lock.start()
        self._reach.start()

    def stop(self) -> None:
        """Stop watching, end the session at the directory (best effort), wait for work."""
        if not self._started:
            return
        self._started = False
        self._watch.stop()
        self._os_lock.stop()
        self._idle.disarm()
        self._reach.stop()
        self._work.cancel()
        self._drop_pin()
        session, token = self._session, self._token
        self._forget_session()
        if session is not None or token is not None:
            self._runner.run(
                lambda: end_session(self._client, self._tokens.worker, session, token),
                success=_ignore,
                failure=_ignore,
            )
        self._purge.stop()
        self._cache_runner.run(self._cache.close, success=_ignore, failure=_ignore)
        self._runner.wait()
        self._card_runner.wait()
        self._cache_runner.wait()
        # Operations that have finished are deleted later by Qt; if this object is then
        # destroyed by Python's garbage collector first (an application closing), PySide
        # crashes on them (seen with 6.11 and 6.12). Let Qt delete them now.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # --- the user's requests ---------------------------------------------------------------

    def submit_pin(self, pin: bytearray, password: str | None = None) -> None:
        """The PIN dialog's answer. `pin` is zeroed after use, or at once if it is not used."""
        self._drop_pin()
        self._pin, self._password = pin, password
        try:
            self._handle(PinSubmitted())
        finally:
            self._drop_pin()  # still here: the machine did not want a PIN now

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

    # --- directory work --------------------------------------------------------------------

    def search(
        self,
        criteria: Mapping[str, str | int],
        mode: str,
        success: Callable[[SearchOutcome], None],
        failure: Callable[[Problem], None],
    ) -> Operation[SearchOutcome]:
        if mode not in ("exact", "fuzzy"):
            return self._work.refuse(BAD_MODE, failure)
        search_mode: Mode = "fuzzy" if mode == "fuzzy" else "exact"
        asked = dict(criteria)

        def offline() -> SearchOutcome | None:
            # Only over what this user opened recently: criteria never reach the cache.
            return self._cache.search(asked)

        return self._work.run(
            lambda: SearchOutcome.from_result(self._client.search(asked, search_mode)),
            success,
            failure,
            offline=offline,
        )

    def open_record(
        self,
        cp_id: str,
        success: Callable[[dict[str, Any]], None],
        failure: Callable[[Problem], None],
        cached: Callable[[dict[str, Any], dt.datetime], None] | None = None,
    ) -> Operation[dict[str, Any]]:
        """The record from the directory, kept in the cache when it may be. With `cached`,
        a directory that cannot be reached gives this user's cached copy and its fetch
        time there instead of a failure (shown read-only, with its age)."""

        def fetch() -> dict[str, Any]:
            try:
                body = self._client.child(cp_id)
            except NotFoundOrHidden:
                self._cache.forget(cp_id)  # no longer this user's to see, even offline
                raise
            self._cache.keep(body)
            return body

        def offline() -> _Cached | None:
            found = self._cache.lookup(cp_id) if cached is not None else None
            return None if found is None else _Cached(dict(found.body), found.fetched_at)

        def answered(value: dict[str, Any] | _Cached) -> None:
            if isinstance(value, _Cached):
                assert cached is not None
                cached(value.body, value.fetched_at)
            else:
                success(value)

        return self._work.run(checked(fetch), answered, failure, offline=offline)

    def override_reasons(
        self,
        success: Callable[[tuple[OverrideReason, ...], JustificationRule], None],
        failure: Callable[[Problem], None],
    ) -> Operation[tuple[tuple[OverrideReason, ...], JustificationRule]]:
        """The published reasons and the justification rule, as the dialog's values."""

        def work() -> tuple[tuple[OverrideReason, ...], JustificationRule]:
            published = self._client.override_reasons()
            try:
                reasons = tuple(OverrideReason(r.code, r.label) for r in published.reasons)
                rule = JustificationRule(
                    published.rule, published.min_characters, published.min_words
                )
            except ValueError:
                raise BadRules from None
            return reasons, rule

        return self._work.run(work, lambda found: success(*found), failure)

    def override_prompt(
        self, success: Callable[[PinPrompt], None], failure: Callable[[Problem], None]
    ) -> Operation[PinState]:
        """The session card's PIN state, read now, for the override dialog's PIN field."""
        token_id = self._machine.token_id
        if self._machine.state is not State.ACTIVE or token_id is None:
            return self._work.refuse(NOT_ACTIVE, failure)
        choice = self._choice(token_id)

        def read() -> PinState:
            return read_pin_state(self._tokens, token_id)

        return self._card_runner.run(
            read,
            success=lambda state: success(PinPrompt(choice, state, purpose="override")),
            failure=lambda error: failure(Problem(ProblemKind.TOKEN, failure_sentence(error))),
        )

    def override(
        self,
        cp_id: str,
        draft: OverrideDraft,
        success: Callable[[dict[str, Any], str | None], None],
        failure: Callable[[Problem], None],
    ) -> Operation[tuple[dict[str, Any], str | None]]:
        """Override a shield for one view: the PIN again, then the directory.

        The record is handed to `success` and kept nowhere here (DESIGN.md 4).
        """
        token = self._token
        worker = self._tokens.worker

        def work() -> tuple[dict[str, Any], str | None]:
            assert token is not None  # _directory runs this in ACTIVE only
            reauthenticate(worker, token, draft.pin)
            signer = WorkerSigner(token, worker)
            done = self._client.override(signer, cp_id, draft.reason_code, draft.justification)
            return done.view, done.alert_reference

        return self._work.run(
            checked(work), lambda done: success(*done), failure, always=draft.wipe
        )

    def add_involvement(
        self,
        cp_id: str,
        draft: InvolvementDraft,
        success: Callable[[dict[str, Any]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, Any]]:
        body = draft.as_json()
        return self._work.run(
            checked(lambda: self._client.add_involvement(cp_id, body)), success, failure
        )

    def cease_involvement(
        self,
        cp_id: str,
        involvement_id: str,
        draft: CeaseDraft,
        success: Callable[[dict[str, Any]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, Any]]:
        return self._work.run(
            checked(
                lambda: self._client.cease_involvement(cp_id, involvement_id, draft.ceased_date)
            ),
            success,
            failure,
        )

    def request_contact(
        self,
        cp_id: str,
        draft: ContactDraft,
        success: Callable[[dict[str, str]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, str]]:
        return self._work.run(
            checked(lambda: self._client.request_contact(cp_id, draft.message)), success, failure
        )

    def request_shield(
        self,
        cp_id: str,
        draft: ShieldDraft,
        success: Callable[[dict[str, str]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, str]]:
        return self._work.run(
            checked(lambda: self._client.request_shield(cp_id, draft.reason_category, draft.note)),
            success,
            failure,
        )

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
            self._state_serial += 1
            self._apply(transition)
        return transition

    def _apply(self, transition: Transition) -> None:
        for effect in transition.effects:
            match effect:
                case Effect.ASK_FOR_TOKEN:
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
                    self._idle.disarm()
                    self.locked.emit(self._reason(transition.event))
                case Effect.CLEAR_RECORD_VIEWS:
                    self._work.cancel()
                    self.records_cleared.emit()
                case Effect.WIPE_CACHE_KEY:
                    self._close_cache()
                case Effect.END_DIRECTORY_SESSION:
                    self._end_session(self._reason(transition.event))

    def _has_session(self) -> bool:
        return self._machine.state is State.ACTIVE and self._session is not None

    def _directory_signed_out(self, reason: str) -> bool:
        """The directory ended the session; True when the machine took that in."""
        self._expiry_reason = reason
        transition = self._handle(DirectorySessionExpired())
        return transition is not None and transition.accepted

    def _reason(self, event: Event) -> str:
        return reason_for(event, self._os_reason, self._expiry_reason)

    def _ask_for_pin(self, failure: str | None) -> None:
        token_id = self._machine.token_id
        if token_id is None:
            return
        serial = self._state_serial
        purpose = "unlock" if self._machine.state is State.LOCKED else "sign_in"
        password_needed = purpose == "sign_in" and (
            self._policy.password_required or token_id in self._password_asked
        )
        choice = self._choice(token_id)
        others = tuple(c for c in self._watch.present() if c.token_id != token_id)

        def read() -> PinState:
            return read_pin_state(self._tokens, token_id)

        def show(state: PinState) -> None:
            if serial == self._state_serial:
                prompt = PinPrompt(choice, state, purpose, password_needed, failure, others)
                self.pin_wanted.emit(prompt)

        def unreadable(error: Exception) -> None:
            # A card pulled out meanwhile is reported by the poller in a moment.
            if serial == self._state_serial and not isinstance(error, NoToken | CardRemoved):
                self.token_wanted.emit(unreadable_card(failure_sentence(error)))

        self._run(self._card_runner, read, show, unreadable)

    def _authenticate(self) -> None:
        pin, password = self._take_pin()
        token_id = self._machine.token_id
        if pin is None or token_id is None:
            self._handle(AuthenticationFailed("No PIN was given."))
            return

        def work() -> Opened:
            return sign_in(self._tokens, self._client, token_id, pin, password)

        def opened(done: Opened) -> None:
            machine = self._machine
            if not (
                self._started
                and machine.state is State.AUTHENTICATING
                and machine.token_id == token_id
            ):
                # The card was removed or swapped while this was on its way: the session
                # it opened belongs to nobody now.
                self._discard(done.session, done.token)
                return
            self._reach.answered()
            self._token, self._certificate, self._session = (
                done.token,
                done.certificate,
                done.session,
            )
            user = done.session.user
            self._user = SignedInUser(
                user.name, user.organisation, user.roles, user.local_authority
            )
            self._handle(AuthenticationSucceeded(user.name, token_id))

        def refused(error: Exception) -> None:
            self._work.note_answer(error)
            if needs_password(error):
                self._password_asked.add(token_id)
            self._handle(AuthenticationFailed(failure_sentence(error)))

        self._run(self._runner, work, opened, refused)

    def _verify(self) -> None:
        pin, _ = self._take_pin()
        token_id = self._machine.token_id
        previous, certificate = self._token, self._certificate
        if pin is None or token_id is None or previous is None or certificate is None:
            self._handle(AuthenticationFailed("The PIN could not be checked; sign out and in."))
            return

        def work() -> TokenLike:
            return unlock(self._tokens, token_id, certificate, previous, pin)

        def verified(token: TokenLike) -> None:
            machine = self._machine
            if not (machine.state is State.LOCKED and machine.verifying and self._started):
                self._discard(None, token)
                return
            self._token = token
            self._handle(Unlocked())

        def refused(error: Exception) -> None:
            self._handle(AuthenticationFailed(failure_sentence(error)))

        self._run(self._card_runner, work, verified, refused)

    def _show_main_window(self) -> None:
        if self._user is None:  # cannot happen: ACTIVE is reached with a user only
            log.error("main window asked for with nobody signed in")
            return
        self._idle.arm()
        self.signed_in.emit(self._user)
        self._open_cache()

    def _end_session(self, reason: str) -> None:
        session, token = self._session, self._token
        self._forget_session()
        self._idle.disarm()
        self._discard(session, token)
        self.signed_out.emit(reason)

    def _discard(self, session: Session | None, token: TokenLike | None) -> None:
        """End a directory session and log a card out, off the GUI thread, best effort."""
        if session is None and token is None:
            return
        self._runner.run(
            lambda: end_session(self._client, self._tokens.worker, session, token),
            success=_ignore,
            failure=_ignore,
        )

    def _forget_session(self) -> None:
        self._token = self._certificate = self._session = self._user = None

    # --- the encrypted cache ---------------------------------------------------------------

    def _open_cache(self) -> None:
        token, certificate = self._token, self._certificate
        if not self._cache.enabled or token is None or certificate is None:
            return

        def opened(is_open: bool) -> None:
            if is_open:
                self._purge.start()
                self._revalidate_cache()  # signed in, or unlocked: online just now

        self._cache_runner.run(
            lambda: self._cache.open(token, certificate), success=opened, failure=_cache_failed
        )

    def _close_cache(self) -> None:
        self._purge.stop()
        self._cache_runner.run(self._cache.close, success=_ignore, failure=_cache_failed)

    @Slot()
    def _purge_cache(self) -> None:
        self._cache_runner.run(self._cache.purge, success=_ignore, failure=_cache_failed)

    def _revalidate_cache(self) -> None:
        """Ask the directory which cached records may still be kept; the rest go at once.

        At sign-in, unlock and whenever the directory answers again after being out of
        reach (issue 9): a child shielded since it was cached is no longer readable offline.
        """
        if not (self._cache.is_open and self._has_session()):
            return
        self._work.run(
            lambda: self._cache.revalidate(self._client.cacheable),
            success=_ignore,
            failure=_revalidation_failed,
        )

    @Slot(object)
    def _directory_status_changed(self, status: DirectoryStatus) -> None:
        if status.online:
            self._revalidate_cache()

    # --- work under way -------------------------------------------------------------------

    def _run(
        self,
        runner: Runner,
        work: Callable[[], _T],
        success: Callable[[_T], None],
        failure: Callable[[Exception], None],
    ) -> Operation[_T]:
        return self._busy_with(runner.run(work, success=success, failure=failure))

    def _busy_with(self, operation: Operation[_T]) -> Operation[_T]:
        """Count `operation` as work under way until it has finished."""
        self._working += 1
        if self._working == 1:
            self.busy.emit(True)
        operation.finished.connect(self._finished_one)
        return operation

    @Slot()
    def _finished_one(self) -> None:
        self._working -= 1
        if self._working == 0:
            self.busy.emit(False)

    # --- small helpers ---------------------------------------------------------------------

    def _choice(self, token_id: str) -> TokenChoice:
        for choice in self._watch.present():
            if choice.token_id == token_id:
                return choice
        return TokenChoice(token_id=token_id, label=label_of(token_id))

    def _take_pin(self) -> tuple[bytearray | None, str | None]:
        pin, password = self._pin, self._password
        self._pin = self._password = None
        return pin, password

    def _drop_pin(self) -> None:
        if self._pin is not None:
            self._pin[:] = bytes(len(self._pin))
        self._pin = self._password = None


class _Cached:
    """A record from the cache, with when the directory sent it."""

    def __init__(self, body: dict[str, Any], fetched_at: dt.datetime) -> None:
        self.body = body
        self.fetched_at = fetched_at


def _cache_failed(error: Exception) -> None:
    # The cache is a convenience: the client goes on online. No personal data in the line.
    log.warning("the cache could not be used (%s)", type(error).__name__)


def _revalidation_failed(problem: Problem) -> None:
    # Refused or unreadable: the cache dropped what it asked about. Unreachable: kept, and
    # asked again when the directory answers. No personal data in the line.
    log.info("the cache was not revalidated (%s)", problem.kind.value)


def _ignore(_: object) -> None:
    pass


def _log_transition(transition: Transition) -> None:
    # State names only: the token id is a label that may be a person's name.
    via = f" via {transition.via.name}" if transition.via is not None else ""
    log.info("session %s -> %s%s", transition.previous.name, transition.state.name, via)
