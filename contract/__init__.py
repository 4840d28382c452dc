"""The wire contract both programs share (DESIGN.md 2): standard library only.

    contract.messages   the exact bytes a token signs (login, override)
    contract.levels     Level: how much of a record a viewer was shown
    contract.codes      error, sign-in refusal, reason, consent and status codes
    contract.limits     field limits, the free-text rule and the justification rule
    contract.shapes     the JSON of every answer, as TypedDicts (the team's in team_shapes,
                        the helpdesk's and the correlation id's form in support_shapes)
    contract.reader     Reader and ShapeError: the one way the client reads an answer
    contract.shield_machine  the shield lifecycle's table: next_phase, offered

A leaf: it imports nothing of ours and no third-party package (tests/test_layers.py), and
both the directory and the client import it, so a rule of the wire is written once.
"""

from contract.codes import (
    AlertStatus,
    ConsentBasis,
    ContactRequestStatus,
    ErrorCode,
    OverrideReason,
    ShieldReason,
    ShieldRequestStatus,
    SignInRefusal,
)
from contract.levels import Level
from contract.messages import login_message, override_message
from contract.reader import Reader, ShapeError

__all__ = [
    "AlertStatus",
    "ConsentBasis",
    "ContactRequestStatus",
    "ErrorCode",
    "Level",
    "OverrideReason",
    "Reader",
    "ShapeError",
    "ShieldReason",
    "ShieldRequestStatus",
    "SignInRefusal",
    "login_message",
    "override_message",
]
