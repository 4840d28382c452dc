"""Shared set-up for the directory.actions tests: a world, an enrolled overrider and a card.

The override tests need a real enrolled user (verify_reauth checks that the card that signs
belongs to the signed-in user); the other actions take any Viewer.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from directory import Role, Viewer
from directory.actions import Reauth
from directory.auth import Policy, issue_challenge
from directory.schema import audit_log
from tests.directory.pki import NOW, Card, TestCA, enrol

POLICY = Policy(password_required=False)
JUSTIFICATION = (
    "Police report the child may be with an adult who is subject to a court order; "
    "we need the current address to visit today."
)


@dataclass
class Overrider:
    engine: Engine
    ca: TestCA
    card: Card
    viewer: Viewer

    @classmethod
    def enrol(cls, engine: Engine, name: str = "zz-override") -> Overrider:
        ca = TestCA.create()
        card = ca.issue(name=name)
        enrol(engine, ca, card, name=name, roles="practitioner,override", organisation_id=3)
        viewer = Viewer(
            f"user:{name}", frozenset({Role.PRACTITIONER, Role.OVERRIDE}), organisation_id=3
        )
        return cls(engine, ca, card, viewer)

    def reauth(
        self, cp_id: str, *, signed_for: str | None = None, purpose: str = "override"
    ) -> Reauth:
        """A fresh challenge for `cp_id`, signed by the card (for `signed_for` if given)."""
        challenge = issue_challenge(
            self.engine,
            self.card.der,
            [self.ca.certificate],
            NOW,
            POLICY,
            purpose=purpose,
            cp_id=cp_id if purpose == "override" else None,
        )
        if purpose == "override":
            signature = self.card.sign_override(challenge, signed_for or cp_id)
        else:
            signature = self.card.sign_login(challenge)
        return Reauth(challenge.challenge_id, base64.b64encode(signature).decode())


def audit_rows(engine: Engine, action: str) -> list[dict[str, Any]]:
    """The details of the audit rows with this action, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.detail)
            .where(audit_log.c.action == action)
            .order_by(audit_log.c.seq)
        ).all()
    return [{"actor": r.actor, **json.loads(r.detail)} for r in rows]


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


AT = NOW + dt.timedelta(seconds=1)
