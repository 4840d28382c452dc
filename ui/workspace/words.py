"""The workspace's words: the worklists' codes, times and ages as the team reads them.

One place, so that the tabs, the dialogs, the access history and My requests say the same
thing the same way. Dates and times go through desktop.wording like the record views'; a
code this client does not know yet is shown readably rather than hidden.
"""

from __future__ import annotations

import datetime as dt

from contract.codes import (
    AlertStatus,
    ContactRequestStatus,
    ShieldDue,
    ShieldEvent,
    ShieldRequestStatus,
)
from desktop import ALERT_OUTCOMES as DESKTOP_OUTCOMES
from desktop import wording

NONE = "—"
OVERDUE = "Overdue"

ALERT_KINDS: dict[str, str] = {"override": "Override", "view_volume": "Unusual number of views"}
ALERT_STATUSES: dict[str, str] = {
    AlertStatus.OPEN: "Open",
    AlertStatus.ACKNOWLEDGED: "Acknowledged",
    AlertStatus.ESCALATED: "Escalated",
    AlertStatus.CLOSED: "Closed",
}
# What an alert was found to be: desktop's own labels, the ones the close dialog offers.
OUTCOMES: dict[str, str] = dict(DESKTOP_OUTCOMES)
# The buttons (and the dialogs' headings) for each next status of an alert.
ALERT_STEP_BUTTONS: dict[str, str] = {
    AlertStatus.ACKNOWLEDGED: "Ac&knowledge…",
    AlertStatus.ESCALATED: "&Escalate…",
    AlertStatus.CLOSED: "&Close…",
}
REQUEST_STATUSES: dict[str, str] = {
    ContactRequestStatus.OPEN: "Open: waiting for the team",
    ContactRequestStatus.BROKERED: "Brokered",
    ContactRequestStatus.DECLINED: "Declined",
    ShieldRequestStatus.GRANTED: "Granted: the record is shielded",
}
DECISION_BUTTONS: dict[str, str] = {
    ContactRequestStatus.BROKERED: "&Broker contact…",
    ContactRequestStatus.DECLINED: "&Decline…",
    ShieldRequestStatus.GRANTED: "&Grant and place the shield…",
}
SHIELD_PHASES = wording.SHIELD_PHASES  # one wording, the record's and the lists'
SHIELD_DUE: dict[str, str] = {
    ShieldDue.UNCONFIRMED: "Unconfirmed",
    ShieldDue.LIFT_PENDING: "Lift pending",
    ShieldDue.DUE: "Review due",
    ShieldDue.OVERDUE: "Review OVERDUE",
}
# (event, is-a-review) -> the button on the reviews tab.
SHIELD_BUTTONS: dict[tuple[ShieldEvent, bool], str] = {
    (ShieldEvent.CONFIRM, False): "&Confirm shield…",
    (ShieldEvent.PROPOSE_LIFT, False): "&Propose lift…",
    (ShieldEvent.CONFIRM_LIFT, False): "Confirm &lift…",
    (ShieldEvent.RENEW, True): "Re&new for six months (review)…",
    (ShieldEvent.PROPOSE_LIFT, True): "Propose lift (re&view)…",
}
ACCESS_ACTIONS: dict[str, str] = {
    "child_view": "Viewed",
    "override": "Overrode the shield",
    "search": "Found in a search",
    "revalidate": "Kept in the offline copy",
    "shield_place": "Placed a shield",
    "shield_grant": "Placed a shield (on a request)",
    "shield_confirm": "Confirmed the shield",
    "shield_propose_lift": "Proposed lifting the shield",
    "shield_confirm_lift": "Lifted the shield",
    "shield_renew": "Renewed the shield",
    "shield_review": "Reviewed the shield",
}
LEVELS: dict[str, str] = {
    "standard": "Standard",
    "shielded": "Shielded (four fields)",
    "override": "Override (full record)",
    "management": "Management (full record)",
}


def plain_label(text: str) -> str:
    """A button's words without its mnemonic or ellipsis, for accessible names."""
    return text.replace("&", "").rstrip("…")


def code(table: dict[str, str], value: str | None) -> str:
    return NONE if value is None else wording.label(table, value)


def moment(value: dt.datetime | None) -> str:
    """A time in the desk's own time zone: the directory sends UTC."""
    return NONE if value is None else wording.moment(value.astimezone())


def day(value: dt.date | None) -> str:
    return NONE if value is None else wording.date(value)


def cp_id(value: str | None) -> str:
    """In groups of four, held together: an ID broken over two lines is misread."""
    return NONE if value is None else wording.cp_id(value).replace(" ", "\u00a0")


def person(value: str | None) -> str:
    return value or NONE


def age(seconds: int) -> str:
    """ "3 h 12 min", "2 d 4 h", "5 min": how long an item has waited."""
    minutes = max(0, seconds) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def one_line(text: str | None, limit: int = 200) -> str:
    """A long text as one line for a table cell (the view elides it to the column; the
    detail pane shows it whole)."""
    if not text:
        return NONE
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
