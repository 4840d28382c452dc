"""The Reviews tab: the authority's shields that need someone (DESIGN.md 3.6.1): unconfirmed,
a lift pending, a review due within 30 days, or overdue.

Which steps the current shield allows, and for whom, is the shield machine's decision: the
integrator hands `show` a callable `actions_for(status)` built on the same machine the
directory uses, and the tab shows a button for each (event, is-a-review) it returns.
`act(status, (event, review))` asks for one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from contract.codes import ShieldDue, ShieldEvent
from desktop import Page, ShieldStatus, wording
from ui.workspace import words
from ui.workspace.worklist_tab import WorklistTab, button

ActionsFor = Callable[[ShieldStatus], tuple[tuple[ShieldEvent, bool], ...]]
COLUMNS = (
    "ContactPoint ID",
    "Phase",
    "Why listed",
    "Next review",
    "Placed by",
    "Confirmed by",
    "Lift proposed by",
)
_WHY = COLUMNS.index("Why listed")
EMPTY = "No shield needs a review or a second officer."


def why_listed(item: ShieldStatus) -> str:
    return ", ".join(words.code(words.SHIELD_DUE, due) for due in item.due) or words.NONE


def _none(_status: ShieldStatus) -> tuple[tuple[ShieldEvent, bool], ...]:
    return ()


class ReviewsTab(WorklistTab[ShieldStatus]):
    act = Signal(object, object)  # (ShieldStatus, (ShieldEvent, bool: a review))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, "reviews_tab", "Shield reviews", parent, stretch=_WHY)
        self._actions_for: ActionsFor = _none
        self.step_buttons: dict[tuple[ShieldEvent, bool], QPushButton] = {}
        for (event, review), text in words.SHIELD_BUTTONS.items():
            made = button(
                text,
                f"{event}{'_review' if review else ''}",
                self,
                f"{words.plain_label(text)}: the chosen review; a dialog asks for a note first.",
            )
            made.clicked.connect(
                lambda _checked=False, e=event, r=review: self._step(ShieldEvent(e), r)
            )
            self.bar.addWidget(made)
            self.step_buttons[(event, review)] = made
        self.finish([], list(self.step_buttons.values()), EMPTY)

    def show(
        self, page: Page[ShieldStatus] | None = None, actions_for: ActionsFor | None = None
    ) -> None:
        """A page of shields and what each allows; without a page, QWidget.show()."""
        if page is None:
            super().show()
            return
        self._actions_for = actions_for or _none
        self.show_items(page, "shields")

    # -- WorklistTab ----------------------------------------------------------------------

    def _key(self, item: ShieldStatus) -> str:
        return item.cp_id

    def _cp_id(self, item: ShieldStatus) -> str | None:
        return item.cp_id

    def _cells(self, item: ShieldStatus) -> list[str]:
        return [
            words.cp_id(item.cp_id),
            words.code(words.SHIELD_PHASES, item.state),
            why_listed(item),
            words.day(item.next_review),
            words.person(item.placed_by),
            words.person(item.confirmed_by),
            words.person(item.lift_proposed_by),
        ]

    def _marked(self, item: ShieldStatus) -> set[int]:
        return {_WHY} if ShieldDue.OVERDUE in item.due else set()

    def _detail(self, item: ShieldStatus) -> str:
        reason = wording.label(wording.SHIELD_REASONS, item.reason_code or "not_recorded")
        lines = [
            f"{words.code(words.SHIELD_PHASES, item.state)}. Reason: {reason}",
            f"Placed by {words.person(item.placed_by)} on {words.day(item.placed_on)}",
        ]
        if item.confirmed_by:
            lines.append(f"Confirmed by {item.confirmed_by} on {words.day(item.confirmed_on)}")
        if item.lift_proposed_by:
            lines.append(
                f"Lift proposed by {item.lift_proposed_by} on {words.day(item.lift_proposed_on)}"
                " — the shield holds until the team confirms it"
            )
        lines.append(f"Next review: {words.day(item.next_review)} ({why_listed(item)})")
        return "\n".join(lines)

    def _refresh_actions(self, item: ShieldStatus | None) -> None:
        allowed = set(() if item is None else self._actions_for(item))
        for key, made in self.step_buttons.items():
            made.setVisible(key in allowed)

    # -- internals ------------------------------------------------------------------------

    def _step(self, event: ShieldEvent, review: bool) -> None:
        item = self.current_item()
        if item is not None and (event, review) in self._actions_for(item):
            self.act.emit(item, (event, review))
