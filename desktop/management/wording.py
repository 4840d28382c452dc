"""What the workspace says when an action is done: one sentence, for the window's status.

It names the item by the reference people quote (OVR-..., CR-..., SR-...) and never the
child (no name, no ContactPoint ID): it may be read over a shoulder, and it is the kind of
text that ends up in a log or a notification.
"""

from __future__ import annotations

from contract.codes import ShieldEvent
from desktop.management.action_request import ActionRequest
from desktop.management.items import Alert, ShieldStatus, WorkRequest

_DECIDED = {
    ("contact", "brokered"): "Contact request {ref} marked as brokered.",
    ("contact", "declined"): "Contact request {ref} declined.",
    ("shield_request", "granted"): "Shield request {ref} granted: the shield is in force now.",
    ("shield_request", "declined"): "Shield request {ref} declined.",
}
_SHIELD_DONE = {
    ShieldEvent.PLACE: "Shield placed: it is in force now, and a second shield officer "
    "must confirm it.",
    ShieldEvent.CONFIRM: "Shield confirmed.",
    ShieldEvent.PROPOSE_LIFT: "Lift proposed: the shield holds until the management team "
    "confirms the lift.",
    ShieldEvent.CONFIRM_LIFT: "Shield lifted: the child is visible again.",
    ShieldEvent.RENEW: "Review recorded: the shield is renewed for six months.",
}
_REVIEW_LIFT = (
    "Review recorded: the lift is proposed, and the shield holds until the management team "
    "confirms it."
)


def done_sentence(request: ActionRequest, result: Alert | WorkRequest | ShieldStatus) -> str:
    """The sentence for `request` done, with the directory's answer `result`."""
    if request.kind == "alert" and isinstance(result, Alert):
        return f"Alert {result.reference} {result.status.value}."
    if isinstance(result, WorkRequest):
        text = _DECIDED.get((request.kind, str(result.status)), "Request {ref}: {status}.")
        return text.format(ref=result.reference, status=result.status)
    if request.review and request.action is ShieldEvent.PROPOSE_LIFT:
        return _REVIEW_LIFT
    action = request.action
    return _SHIELD_DONE.get(action, "Done.") if isinstance(action, ShieldEvent) else "Done."
