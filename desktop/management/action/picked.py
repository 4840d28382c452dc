"""The Act for what a person picked: an action on an item of a list, or on a record's
shield. Only what the item's status allows (the tabs offer nothing else): a stale button is
a defect in the caller, not a question for the directory."""

from __future__ import annotations

from contract.codes import ShieldEvent, ShieldPhase
from desktop.management.action.events import Act
from desktop.management.action_request import Action
from desktop.management.drafts import ALERT_STEPS, DECISIONS
from desktop.management.items import Alert, ShieldStatus, WorkRequest

Item = Alert | WorkRequest | ShieldStatus | str  # str: a record's cp_id


def act_for(item: Item, action: Action, review: bool, phase: ShieldPhase | None) -> Act:
    """The action machine's Act for `action` on `item`; ValueError if they do not match."""
    if isinstance(item, Alert) and action in ALERT_STEPS[item.status]:
        return Act("alert", action, item.cp_id, item)
    if isinstance(item, WorkRequest) and item.open and action in dict(DECISIONS[item.kind]):
        if item.kind == "contact":
            return Act("contact", action, item.cp_id, item)
        return Act("shield_request", action, item.cp_id, item)
    if isinstance(item, ShieldStatus) and isinstance(action, ShieldEvent):
        return Act("shield", action, item.cp_id, item, review, item.state)
    if isinstance(item, str) and isinstance(action, ShieldEvent):
        return Act("shield", action, item, None, review, phase)
    raise ValueError("That action does not apply to that item.")
