"""A controller for the override driver's tests: it answers only when the test says so.

Each of the three override methods records its question with the callbacks it was given
and returns an operation the driver may cancel, as desktop.controller.Controller does.
Like the controller, `override` wipes the draft's PIN when its work ends, whether the
answer is delivered, dropped by a cancel or never wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.login import PinPrompt
from desktop.problems import Problem
from desktop.requests import JustificationRule, OverrideDraft, OverrideReason


@dataclass(eq=False)
class Asked:
    """One question put to the fake controller."""

    kind: str  # "reasons", "prompt" or "override"
    success: Callable[..., None]
    failure: Callable[[Problem], None]
    cp_id: str | None = None
    draft: OverrideDraft | None = None
    cancelled: bool = False
    done: bool = False
    # What reached the driver (an answer delivered after a cancel does not).
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
        if self.draft is not None:
            self.draft.wipe()
        self.success(*value)

    def _finish(self, what: str, deliver: Callable[[], None]) -> None:
        assert not self.done, "answered twice"
        self.done = True
        if self.draft is not None:
            self.draft.wipe()  # the controller's `always=draft.wipe`
        if not self.cancelled:
            self.delivered.append(what)
            deliver()


class FakeController(QObject):
    locked = Signal(str)
    signed_out = Signal(str)
    token_wanted = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[Asked] = []

    def override_reasons(
        self,
        success: Callable[[tuple[OverrideReason, ...], JustificationRule], None],
        failure: Callable[[Problem], None],
    ) -> Asked:
        return self._ask(Asked("reasons", success, failure))

    def override_prompt(
        self, success: Callable[[PinPrompt], None], failure: Callable[[Problem], None]
    ) -> Asked:
        return self._ask(Asked("prompt", success, failure))

    def override(
        self,
        cp_id: str,
        draft: OverrideDraft,
        success: Callable[[dict[str, Any], str | None], None],
        failure: Callable[[Problem], None],
    ) -> Asked:
        return self._ask(Asked("override", success, failure, cp_id=cp_id, draft=draft))

    @property
    def last(self) -> Asked:
        return self.asked[-1]

    def pending(self) -> list[Asked]:
        return [a for a in self.asked if not a.done and not a.cancelled]

    def finish_everything(self) -> None:
        """Every piece of work ends in the end, answered or not: as the runner's threads do."""
        for asked in self.asked:
            if not asked.done:
                asked.done = True
                if asked.draft is not None:
                    asked.draft.wipe()

    def _ask(self, asked: Asked) -> Asked:
        self.asked.append(asked)
        return asked
