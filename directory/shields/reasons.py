"""The published shield reasons (GET /v1/reference/shield-reasons), like the override reasons.

The codes are the schema's (directory.schema.SHIELD_REASONS, which the database checks);
the labels are what people read. A test holds the two lists equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ShieldReason:
    code: str
    label: str


SHIELD_REASONS: tuple[ShieldReason, ...] = (
    ShieldReason("domestic_violence", "The child or a carer is at risk of domestic violence"),
    ShieldReason("witness_protection", "The child or a carer is under witness protection"),
    ShieldReason("adoption_placement", "An adoption placement that must stay confidential"),
    ShieldReason("risk_of_abduction", "There is a risk that the child will be abducted"),
    ShieldReason("other_serious_risk", "Another serious risk to the child if they were found"),
)
