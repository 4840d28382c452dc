"""The controller rig shared by the controller's tests and the application's: fake cards in
a fake reader, the real directory app in-process behind Starlette's TestClient (the httpx
client sync uses), and a network in between that a test can cut, or hold a request at a
gate the test opens (a slow directory, without waiting for time to pass).

A pytest plugin (tests/conftest.py names it), so `make_rig` is a fixture everywhere.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from desktop.controller import Controller
from desktop.identity import SignedInUser
from desktop.idle import IdleMonitor
from desktop.login import PinPrompt
from desktop.operations import Runner
from desktop.oslock import OsLockMonitor
from desktop.policy import MachinePolicy
from desktop.problems import Problem
from desktop.session import State
from desktop.session_cache import SessionCache
from directory.api import ApiSettings, create_app
from directory.database import connect, migrate
from smartcard.fake import FakeToken
from smartcard.fake_module import FakeModule
from sync import DirectoryClient
from tests.directory.builders import World
from tests.directory.pki import NOW, ORIGIN, TestCA, enrol

PIN = "246810"
PASSWORD = "zz-correct-horse"
FAMILY = "Zzcontrollerfamily"
DOB = "2015-03-07"
FAST_POLL = 0.05
WAIT_MS = 5000
JUSTIFICATION = (
    "Police officers need the current address today because the child is believed to be "
    "at immediate risk of serious harm."
)
# name -> (roles, organisation, password)
USERS: dict[str, tuple[str, int | None, str | None]] = {
    "zz-practitioner": ("practitioner", 3, None),
    "zz-override": ("practitioner,override", 3, None),
    "zz-password": ("practitioner", 3, PASSWORD),
    "zz-other": ("practitioner", 3, None),
}


@pytest.fixture
def rig_engine(tmp_path: Path) -> Iterator[Engine]:
    # SQLite only: these tests are about the client; the directory's own tests cover both
    # database backends.
    eng = connect(f"sqlite:///{tmp_path / 'directory.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


class Network:
    """Between client and directory: records what is sent, can be cut or hold a request."""

    def __init__(self) -> None:
        self.down = False
        # path -> a gate the request waits at until the test opens it (or WAIT_MS passes)
        self.held: dict[str, threading.Event] = {}
        self.holding: set[str] = set()  # paths whose request is waiting at its gate now
        self.sent: list[tuple[str, str]] = []
        self.threads: set[int] = set()

    def __call__(self, request: httpx.Request) -> None:
        self.sent.append((request.method, request.url.path))
        self.threads.add(threading.get_ident())
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        gate = self.held.get(request.url.path)
        if gate is not None:
            self.holding.add(request.url.path)
            try:
                gate.wait(WAIT_MS / 1000)
            finally:
                self.holding.discard(request.url.path)

    def count(self, method: str, path: str) -> int:
        return self.sent.count((method, path))


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


class Recorder:
    """Every controller signal, in order, as (name, argument)."""

    NAMES = (
        "token_wanted",
        "pin_wanted",
        "signed_in",
        "locked",
        "records_cleared",
        "signed_out",
        "directory_status",
    )

    def __init__(self, controller: Controller) -> None:
        self.seen: list[tuple[str, Any]] = []
        for name in self.NAMES:
            getattr(controller, name).connect(self._recorder(name))

    def _recorder(self, name: str) -> Callable[..., None]:
        def record(*args: Any) -> None:
            self.seen.append((name, args[0] if args else None))

        return record

    def names(self) -> list[str]:
        return [name for name, _ in self.seen]

    def clear(self) -> None:
        self.seen.clear()


@dataclass
class Rig:
    owner: QObject
    world: World
    engine: Engine
    ca: TestCA
    module: FakeModule
    cards: dict[str, FakeToken]
    controller: Controller
    network: Network
    clock: Clock
    runner: Runner
    os_lock: OsLockMonitor
    idle: IdleMonitor
    recorder: Recorder
    qtbot: QtBot
    pins: list[bytearray] = field(default_factory=list)

    def pin(self, text: str = PIN) -> bytearray:
        buffer = bytearray(text.encode())
        self.pins.append(buffer)
        return buffer

    def prompt_after(self, action: Callable[[], None]) -> PinPrompt:
        with self.qtbot.waitSignal(self.controller.pin_wanted, timeout=WAIT_MS) as asked:
            action()
        prompt = asked.args[0]
        assert isinstance(prompt, PinPrompt)
        return prompt

    def submit(self, text: str = PIN, password: str | None = None) -> None:
        self.controller.submit_pin(self.pin(text), password)

    def sign_in(self, text: str = PIN, password: str | None = None) -> SignedInUser:
        with self.qtbot.waitSignal(self.controller.signed_in, timeout=WAIT_MS) as signed:
            self.submit(text, password)
        user = signed.args[0]
        assert isinstance(user, SignedInUser)
        return user

    def start(self) -> PinPrompt:
        """Start with the first card in the reader; the PIN prompt it brings."""
        return self.prompt_after(self.controller.start)

    def settle(self, polls: int = 3) -> None:
        """Let what is already under way finish: the reader is polled `polls` more times and
        no directory work is left. For a test that shows something does NOT happen by
        itself; it counts polls and work, not time."""
        listed = self.module.listings
        self.qtbot.waitUntil(
            lambda: self.module.listings >= listed + polls and not self.runner.busy,
            timeout=WAIT_MS,
        )

    def wait_state(self, state: State) -> None:
        self.qtbot.waitUntil(lambda: self.controller.machine.state is state, timeout=WAIT_MS)


@dataclass
class Outcome:
    """What an Operation's callbacks received."""

    successes: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def success(self, *value: Any) -> None:
        self.successes.append(value[0] if len(value) == 1 else value)

    def failure(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def done(self) -> bool:
        return bool(self.successes or self.problems)


RigFactory = Callable[..., Rig]


@pytest.fixture
def make_rig(rig_engine: Engine, tmp_path: Path, qtbot: QtBot) -> Iterator[RigFactory]:
    engine = rig_engine
    made: list[tuple[Rig, TestClient]] = []
    world = World(engine).setup()
    ca = TestCA.create()
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.pem)

    def build(
        *card_names: str,
        poll_interval: float = FAST_POLL,
        idle_ms: int = 60_000,
        probe_ms: int = 15_000,
        password_required: bool = False,
        extra_cards: tuple[FakeToken, ...] = (),
        module_class: type[FakeModule] = FakeModule,
        cache: SessionCache | None = None,
        runner_threads: int = 4,
        card_class: type[FakeToken] = FakeToken,
        **card_options: Any,
    ) -> Rig:
        clock = Clock()
        network = Network()
        settings = ApiSettings(origin=ORIGIN, trusted_ca_files=(str(ca_file),), clock=clock)
        http = TestClient(create_app(engine, settings), base_url=ORIGIN)
        http.__enter__()
        http.event_hooks["request"].append(network)
        cards: dict[str, FakeToken] = {}
        for name in card_names or ("zz-practitioner",):
            issued = ca.issue(name=name)
            roles, organisation, password = USERS[name]
            enrol(
                engine,
                ca,
                issued,
                name=name,
                roles=roles,
                organisation_id=organisation,
                password=password,
            )
            cards[name] = card_class(
                name,
                serial=f"s-{name}",
                pin=PIN,
                key=issued.key,
                certificate_der=issued.der,
                **card_options,
            )
        module = module_class([*cards.values(), *extra_cards])
        # Only the first card starts in the reader; a test inserts the others.
        for card in list(cards.values())[1:]:
            card.remove()
        policy = MachinePolicy(
            directory_url=ORIGIN,
            ca_file=ca_file,
            pkcs11_module=Path("/usr/lib/fake-pkcs11.so"),
            password_required=password_required,
        )
        # One owner for every Qt object of the rig, as the application owns them: Qt
        # deletes them together, children first, when the owner goes.
        owner = QObject()
        runner = Runner(max_threads=runner_threads, parent=owner)
        os_lock = OsLockMonitor(owner, platform="test")
        idle = IdleMonitor(idle_ms, owner)
        controller = Controller(
            policy,
            module,
            DirectoryClient(ORIGIN, client=http),
            runner=runner,
            poll_interval=poll_interval,
            os_lock=os_lock,
            idle=idle,
            probe_interval_ms=probe_ms,
            cache=cache if cache is not None else SessionCache(0),  # no cache unless asked
            parent=owner,
        )
        rig = Rig(
            owner=owner,
            world=world,
            engine=engine,
            ca=ca,
            module=module,
            cards=cards,
            controller=controller,
            network=network,
            clock=clock,
            runner=runner,
            os_lock=os_lock,
            idle=idle,
            recorder=Recorder(controller),
            qtbot=qtbot,
        )
        made.append((rig, http))
        return rig

    yield build
    for rig, http in made:
        rig.controller.stop()
        rig.runner.wait(10_000)
        rig.module.close()
        http.__exit__(None, None, None)
        # Every PIN handed over was zeroed, whatever became of it.
        assert all(not any(pin) for pin in rig.pins), "a PIN buffer was not zeroed"
