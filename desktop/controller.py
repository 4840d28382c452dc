"""The application core the ui talks to: one object that builds the core's parts and wires
them together.

    controller = Controller(policy, tokens, client)     # tokens: smartcard.TokenSource
    controller.pin_wanted.connect(show_pin_dialog)      # ... and the other signals below
    controller.start()
    controller.submit_pin(pin_bytearray, password)      # from the PIN dialog
    controller.search(criteria, "fuzzy", success=show, failure=explain)   # -> Operation

The parts, each with one job, and how they know of each other:

    SessionDriver (desktop.session_driver)   executes the session machine's effects, turns the
        card poller, the idle and OS-lock monitors and the person's requests into its events,
        holds the session and the PIN the dialog handed over; it builds
      DirectoryWork (desktop.directory_work)   runs directory calls for the session, which it
          sees as a SessionGate, and drops their answers once the session has moved on;
      CacheLifecycle (desktop.cache_lifecycle)   opens the encrypted cache at sign-in and
          unlock, closes it at lock, purges it on a timer, revalidates it when online again.
    DirectoryFront (desktop.directory_front)   the directory requests (searches, records, the
        override, involvements, requests to the team), over DirectoryWork; it sees the
        session's card as a SessionCard.
    Reachability (desktop.reachability)   whether the directory answers.
    BusyCount (desktop.busy)   whether card or directory work is under way.

The person's requests (submit_pin, choose_token, sign_out, lock_now, change_pin and the
PIN-change dialog's answers) are the driver's
methods and the directory requests (search, open_record, override_reasons,
override_prompt, override, add_involvement, cease_involvement, request_contact,
request_shield) the front's, given here under the same names so that the ui keeps one
object to talk to; the management workspace's calls are `controller.worklists`
(desktop.management.front.WorklistFront), never cached. The signals are the parts' own, forwarded.

Threads (DESIGN.md 4): card work and directory calls run on runners, never on the GUI
thread; every PKCS#11 call goes through the module's worker (desktop.signin).

Signals (all emitted on the GUI thread):
    token_wanted(str)           "Insert your smartcard" / "Card removed: insert it to continue"
    pin_wanted(PinPrompt)       the PIN state in it was read from the card just before
    signed_in(SignedInUser)     show the main window (after a sign-in, and after an unlock)
    locked(str)                 hide every window and dialog at once; the str says why
    records_cleared()           drop every record and result view from memory
    signed_out(str)             the session is over; the str says why
    directory_status(DirectoryStatus)   on every change
    busy(bool)                  card or directory work under way, or all done
    pin_change_wanted(PinChangeRequest)   the PIN-change dialog, before sign-in (the card
                                insists) or after change_pin(); answered by
                                submit_pin_change(ticket, current, new, again) / cancel_pin_change
    pin_change_closed()         close that dialog (done, or the session moved on)
    pin_change_told(str)        a notice: the PIN was changed, or the card could not be read

Directory work returns an Operation (desktop.operations): `success` and `failure` run on
the GUI thread, failures always as a desktop.problems.Problem. Nothing is logged about a
person: state names, outcomes and error class names only. What the core says to the person
is in desktop.controller_text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

from desktop.busy import BusyCount
from desktop.directory_front import DirectoryFront
from desktop.directory_work import checked
from desktop.identity import DirectoryStatus, SignedInUser
from desktop.idle import IdleMonitor
from desktop.management.front import WorklistFront
from desktop.operations import Operation, Runner
from desktop.oslock import OsLockMonitor
from desktop.policy import MachinePolicy, UserSettings, save_user_changes
from desktop.policy.source import policy_source
from desktop.policy.user_file import UserValue
from desktop.problems import Problem
from desktop.reachability import PROBE_INTERVAL_MS, Reachability
from desktop.session import SessionMachine
from desktop.session_cache import SessionCache
from desktop.session_driver import SessionDriver
from desktop.token_watch import TokenWatch
from smartcard import TokenSource
from sync import DirectoryClient

if TYPE_CHECKING:
    from desktop.diagnostics import Report


class Controller(QObject):
    token_wanted = Signal(str)
    pin_wanted = Signal(object)
    signed_in = Signal(object)
    locked = Signal(str)
    records_cleared = Signal()
    signed_out = Signal(str)
    directory_status = Signal(object)
    busy = Signal(bool)
    pin_change_wanted = Signal(object)
    pin_change_closed = Signal()
    pin_change_told = Signal(str)

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
        self._client = client
        if cache is None:
            cache = SessionCache(policy.cache_hours, key_store=policy.cache_key_store)
        self._cache = cache
        # Network calls (and sign-in, which ends in one) on this pool; card-only work on
        # its own (SessionDriver says why).
        self._runner = runner if runner is not None else Runner(parent=self)
        card_runner = Runner(max_threads=2, parent=self)
        busy = BusyCount(self)
        busy.changed.connect(self.busy)
        self._reach = Reachability(client, self._runner, probe_interval_ms, self)
        self._reach.changed.connect(self.directory_status)
        minutes = policy.idle_timeout_minutes
        self._driver = SessionDriver(
            policy,
            tokens,
            client,
            runner=self._runner,
            card_runner=card_runner,
            watch=TokenWatch(tokens, poll_interval, self),
            idle=idle if idle is not None else IdleMonitor(minutes * 60_000, self),
            os_lock=os_lock if os_lock is not None else OsLockMonitor(self),
            reach=self._reach,
            cache=cache,
            busy=busy,
            parent=self,
        )
        driver = self._driver
        for theirs, ours in (
            (driver.token_wanted, self.token_wanted),
            (driver.pin_wanted, self.pin_wanted),
            (driver.signed_in, self.signed_in),
            (driver.locked, self.locked),
            (driver.records_cleared, self.records_cleared),
            (driver.signed_out, self.signed_out),
            (driver.pin_change.wanted, self.pin_change_wanted),
            (driver.pin_change.closed, self.pin_change_closed),
            (driver.pin_change.told, self.pin_change_told),
        ):
            theirs.connect(ours)
        self.change_pin = driver.change_pin
        self.submit_pin_change = driver.pin_change.submit
        self.cancel_pin_change = driver.pin_change.cancel
        self.submit_pin = driver.submit_pin
        self.choose_token = driver.choose_token
        self.sign_out = driver.sign_out
        self.lock_now = driver.lock_now
        front = DirectoryFront(client, tokens, driver.work, cache, driver, card_runner)
        self.search = front.search
        self.open_record = front.open_record
        self.override_reasons = front.override_reasons
        self.override_prompt = front.override_prompt
        self.override = front.override
        self.add_involvement = front.add_involvement
        self.cease_involvement = front.cease_involvement
        self.request_contact = front.request_contact
        self.request_shield = front.request_shield
        # The workspace's calls: one attribute, since they are many and only it uses them.
        self.worklists = WorklistFront(client, driver.work)

    # --- what the ui reads -----------------------------------------------------------------

    @property
    def machine(self) -> SessionMachine:
        return self._driver.machine

    @property
    def user(self) -> SignedInUser | None:
        return self._driver.user

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
        if self._driver.started:
            return
        self._driver.start()
        self._reach.start()

    def stop(self) -> None:
        """Stop watching, end the session at the directory (best effort), wait for work."""
        if not self._driver.started:
            return
        self._reach.stop()
        self._driver.stop()
        # Operations that have finished are deleted later by Qt; if this object is then
        # destroyed by Python's garbage collector first (an application closing), PySide
        # crashes on them (seen with 6.11 and 6.12). Let Qt delete them now.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # --- the support report ----------------------------------------------------------------

    def diagnostics(
        self,
        machine: MachinePolicy,
        success: Callable[[Report], None],
        failure: Callable[[Problem], None],
    ) -> Operation[Report]:
        """The support report (desktop.diagnostics) off the GUI thread: it reads the cards
        and asks the directory. While signed in it counts the open cache's entries too."""
        policy, cache = self._policy, self._cache

        def make() -> Report:
            from desktop.diagnostics import make_report

            return make_report(machine, policy, policy_source(), cache_stats=cache.stats())

        return self._runner.run(
            make, success=success, failure=lambda error: failure(Problem.of(error))
        )

    def support_lookup(
        self,
        correlation_id: str,
        success: Callable[[str], None],
        failure: Callable[[Problem], None],
    ) -> Operation[str]:
        """The directory's answer about a correlation id, as text, for a helpdesk user
        signed in (the directory refuses anyone else); over the session's DirectoryWork."""
        client = self._client

        def ask() -> str:
            from desktop.diagnostics.support_text import support_text
            from sync.support import support_lookup

            return support_text(support_lookup(client, correlation_id))

        return self._driver.work.run(checked(ask), success, failure)

    # --- the person's settings -------------------------------------------------------------

    def save_settings(
        self,
        changes: Mapping[str, UserValue | None],
        success: Callable[[UserSettings], None],
        failure: Callable[[Problem], None],
    ) -> Operation[UserSettings]:
        """Save this user's settings for the next start, off the GUI thread: the file is
        written whole and flushed to the disk (desktop.policy.user_file), which may take a
        while on a roaming profile. `failure` says why it could not be."""
        wanted = dict(changes)
        return self._runner.run(
            lambda: save_user_changes(wanted),
            success=success,
            failure=lambda error: failure(Problem.of(error)),
        )
