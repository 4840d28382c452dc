"""A controller for the workspace drivers' tests: its worklist calls answer only when the
test says so, and its session signals are the test's to emit.

Each call records what it was asked with its callbacks, and returns an operation the
driver may cancel, as desktop.management.front.WorklistFront does (over DirectoryWork).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.policy import MachinePolicy
from desktop.problems import Problem


@dataclass(eq=False)
class Asked:
    """One call to the fake front."""

    call: str  # the WorklistFront method's name
    args: tuple[Any, ...]
    success: Callable[..., None]
    failure: Callable[[Problem], None]
    cancelled: bool = False
    done: bool = False
    delivered: list[str] = field(default_factory=list)

    def cancel(self) -> None:
        if not self.done:
            self.cancelled = True

    def succeed(self, *value: Any) -> None:
        self._finish("success", lambda: self.success(*value))

    def fail(self, problem: Problem) -> None:
        self._finish("failure", lambda: self.failure(problem))

    def deliver_anyway(self, *value: Any) -> None:
        """A late answer that gets past the cancel: the driver must still drop it."""
        self.done = True
        self.success(*value)

    def _finish(self, what: str, deliver: Callable[[], None]) -> None:
        assert not self.done, "answered twice"
        self.done = True
        if not self.cancelled:
            self.delivered.append(what)
            deliver()


class FakeFront:
    def __init__(self) -> None:
        self.asked: list[Asked] = []

    def __getattr__(self, call: str) -> Callable[..., Asked]:
        if call not in CALLS:
            raise AttributeError(call)

        def ask(*args: Any) -> Asked:
            *values, success, failure = args
            asked = Asked(call, tuple(values), success, failure)
            self.asked.append(asked)
            return asked

        return ask

    def pending(self, call: str | None = None) -> list[Asked]:
        return [
            a
            for a in self.asked
            if not a.done and not a.cancelled and (call is None or a.call == call)
        ]

    def only(self, call: str) -> Asked:
        (asked,) = self.pending(call)
        return asked

    def fetches(self) -> dict[str, Asked]:
        """The pending fetches, by list key."""
        found: dict[str, Asked] = {}
        for asked in self.pending():
            if asked.call in ("alerts", "reviews"):
                found[asked.call] = asked
            elif asked.call == "requests":
                found[asked.args[0]] = asked
        return found

    def fetch(self, key: str) -> Asked:
        """The one pending fetch of the list `key`."""
        if key == "alerts":
            return self.only("alerts")
        if key == "reviews":
            return self.only("reviews")
        (asked,) = [a for a in self.pending("requests") if a.args[0] == key]
        return asked


CALLS = frozenset(
    {
        "alerts",
        "requests",
        "reviews",
        "shield_reasons",
        "update_alert",
        "decide_request",
        "shield_step",
        "access_history",
        "my_requests",
    }
)


class FakeController(QObject):
    signed_in = Signal(object)
    locked = Signal(str)
    signed_out = Signal(str)
    records_cleared = Signal()
    token_wanted = Signal(str)

    def __init__(self, poll_seconds: int = 30) -> None:
        super().__init__()
        self.worklists = FakeFront()
        self.policy = MachinePolicy(
            directory_url="https://directory.example.org",
            ca_file=Path("/etc/contactpoint/ca.pem"),
            pkcs11_module=Path("/usr/lib/fake-pkcs11.so"),
            worklist_poll_seconds=poll_seconds,
        )
