"""Words for what a record holds: the directory's codes, dates and IDs as people read them.

One place, so that the record view, the shielded view and the results view say the same
thing the same way. Dates are written with English month abbreviations rather than the
locale's, because "07/03/2015" is read differently on either side of the Atlantic and a
date of birth is how practitioners tell two children apart. A code this client does not
know yet is shown readably rather than hidden: the directory decided the viewer may see it.
"""

from __future__ import annotations

import datetime as dt

from contract.codes import ShieldPhase
from desktop.records.model import Shield

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

GENDERS = {"female": "Female", "male": "Male", "not_specified": "Not specified"}
ADDRESS_STATES = {
    "current": "Current address",
    "last_known": "Last known address",
    "no_known_address": "No known address",
    "left_england": "Left England",
}
LEFT_ENGLAND_INTENTS = {
    "intends_to_return": "intends to return within 3 years",
    "does_not_intend": "does not intend to return",
    "unknown": "intention to return not known",
}
SENSITIVE_CATEGORIES = {
    "sexual_health": "Sexual health",
    "mental_health": "Mental health",
    "substance_misuse": "Substance misuse",
}
CONSENT_BASES = {
    "child_consent": "the child's consent",
    "significant_harm": "reasonable cause to suspect significant harm",
}
SHIELD_REASONS = {
    "domestic_violence": "Domestic violence",
    "witness_protection": "Witness protection",
    "adoption_placement": "Adoption placement",
    "risk_of_abduction": "Risk of abduction",
    "other_serious_risk": "Other serious risk",
}


def readable(code: str) -> str:
    """An unknown code as words: "special_guardian" -> "Special guardian"."""
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def label(table: dict[str, str], code: str) -> str:
    return table.get(code) or readable(code)


def cp_id(value: str) -> str:
    """A ContactPoint ID in groups of four digits, as it is read out over the phone."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def date(value: dt.date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def moment(value: dt.datetime) -> str:
    return f"{value.day:02d} {_MONTHS[value.month - 1]} {value.year} {value:%H:%M}"


def age(born: dt.date, on: dt.date) -> int:
    """Whole years from `born` to `on`; a 29 February birthday counts from 1 March."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return max(years, 0)


def person(family_name: str, given_names: str) -> str:
    """FAMILY, Given: the family name stands out, as on the results list."""
    return f"{family_name.upper()}, {given_names}".rstrip(", ")


def gender(code: str) -> str:
    return label(GENDERS, code)


def address_state(state: str, left_england_intent: str | None) -> str:
    words = label(ADDRESS_STATES, state)
    if state == "left_england":
        intent = label(LEFT_ENGLAND_INTENTS, left_england_intent or "unknown").lower()
        return f"{words}: {intent}"
    return words


# Where a shield is in its life (contract.codes.ShieldPhase), in the team's words.
SHIELD_PHASES: dict[str, str] = {
    ShieldPhase.UNSHIELDED: "Not shielded",
    ShieldPhase.UNCONFIRMED: "Placed, awaiting a second officer",
    ShieldPhase.CONFIRMED: "Confirmed",
    ShieldPhase.LIFT_PENDING_UNCONFIRMED: "Lift proposed (shield not yet confirmed)",
    ShieldPhase.LIFT_PENDING: "Lift proposed, awaiting the team",
}


def shield_facts(shield: Shield) -> list[tuple[str, str]]:
    """(caption, value) for the shield's details, in the order the management team reads them;
    where the shield is in its life, for the shield officers and team who are told."""
    reason = label(SHIELD_REASONS, shield.reason) if shield.reason else "Not recorded"
    facts = [
        ("Shielded since", date(shield.since)),
        ("Shielded by", shield.by or "Not recorded"),
        ("Reason", reason),
        ("Next review", date(shield.review_date)),
    ]
    if shield.state is not None:
        facts.append(("State", SHIELD_PHASES.get(shield.state, shield.state)))
    if shield.confirmed_by is not None:
        facts.append(("Confirmed by", shield.confirmed_by))
    if shield.lift_proposed_by is not None:
        facts.append(("Lift proposed by", shield.lift_proposed_by))
    return facts


def as_of(fetched: dt.datetime, now: dt.datetime) -> str:
    """How old a cached copy is: "as of 09:12, 3 hours ago" (local times, both aware)."""
    fetched_local, now_local = fetched.astimezone(), now.astimezone()
    minutes = max(0, int((now_local - fetched_local).total_seconds() // 60))
    if minutes < 1:
        ago = "just now"
    elif minutes < 60:
        ago = f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    else:
        hours = minutes // 60
        ago = f"{hours} hour{'s' if hours != 1 else ''} ago"
    clock = fetched_local.strftime("%H:%M")
    if fetched_local.date() != now_local.date():
        clock = f"{date(fetched_local.date())} {clock}"
    return f"as of {clock}, {ago}"
