"""The training cast: one user of every role, each with a SoftHSM token, enrolled.

The cast is built around the scenarios so that every rule can be shown on purpose: the
teacher works at the ordinary child's school, one practitioner works for the service that
holds the sensitive scenario's sensitive involvement (and the teacher does not), and the
management team member and the two shield officers serve the shielded child's authority.

    cast(conn, scenarios) -> [CastMember]                  # member.viewer(): as signed in
    enrol(engine, home, ca, member, now) -> TrainingUser    # token provisioned, user added
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from desktop.training.scenarios import Scenarios
from directory.auth import add_user, load_trusted_cas
from directory.auth.users import actor_for
from directory.schema import local_authority, organisation
from directory.viewer import Role, Viewer
from smartcard import ProvisionedToken, SoftHSMHome, TrainingCA, provision_token
from smartcard.provisioning import Layout

ACTOR = "training:prepare"  # who the audit log says enrolled the cast


@dataclass(frozen=True)
class CastMember:
    label: str  # the token label, also how trainers refer to the user
    name: str
    roles: tuple[Role, ...]
    organisation: str
    organisation_id: int | None
    local_authority: str | None
    # How the card's objects are laid out. One training card is made the way OpenSC
    # presents a PIV card (its labels, EC key management), so that trainers and the
    # helpdesk can show sign-in and the cache on a card that carries none of our labels.
    card: Layout = "contactpoint"

    def viewer(self) -> Viewer:
        """Who the directory takes this member to be once signed in (Account.viewer)."""
        return Viewer(
            user_id=actor_for(self.name),
            roles=frozenset(self.roles),
            organisation_id=self.organisation_id,
            local_authority=self.local_authority,
        )


@dataclass(frozen=True)
class TrainingUser:
    member: CastMember
    token: ProvisionedToken

    def as_json(self) -> dict[str, Any]:
        """A `users` entry of training.json (DESIGN.md 4.1)."""
        return {
            "name": self.member.name,
            "token_label": self.token.label,
            "pin": self.token.user_pin,
            "password": None,  # the training policy asks for none (password_required false)
            "roles": [role.value for role in self.member.roles],
            "organisation": self.member.organisation,
            "local_authority": self.member.local_authority,
        }


def _organisation(conn: Connection, organisation_id: int) -> tuple[int, str]:
    name = conn.scalar(select(organisation.c.name).where(organisation.c.id == organisation_id))
    assert name is not None  # ids come from the population's own rows
    return organisation_id, str(name)


def _service(conn: Connection, authority: str, service_name: str) -> tuple[int, str]:
    """The authority's service called "<authority name> <service_name>"."""
    row = conn.execute(
        select(organisation.c.id, organisation.c.name).where(
            organisation.c.kind == "service",
            organisation.c.local_authority == authority,
            organisation.c.name.endswith(f" {service_name}"),
        )
    ).first()
    if row is None:
        raise LookupError(f"The reference data has no {service_name} for {authority}.")
    return int(row.id), str(row.name)


def _authority_name(conn: Connection, code: str) -> str:
    name = conn.scalar(select(local_authority.c.name).where(local_authority.c.code == code))
    assert name is not None
    return str(name)


def cast(conn: Connection, scenarios: Scenarios) -> list[CastMember]:
    ordinary = scenarios.ordinary
    assert ordinary.school_id is not None  # the ordinary scenario is chosen with a school
    school = _organisation(conn, ordinary.school_id)
    health = _service(conn, ordinary.responsible_la, "Health Visiting Service")
    sensitive = _organisation(conn, scenarios.sensitive_organisation_id)
    managed = scenarios.management_authority
    social = _service(conn, managed, "Children's Social Care")
    managed_name = _authority_name(conn, managed)

    def practitioner(
        label: str, name: str, org: tuple[int, str], *extra: Role, card: Layout = "contactpoint"
    ) -> CastMember:
        return CastMember(label, name, (Role.PRACTITIONER, *extra), org[1], org[0], None, card)

    return [
        practitioner("teacher", "Tess Teacher", school),
        practitioner("health-visitor", "Hana Visitor", health, card="piv"),
        practitioner("sensitive-service", "Cam Clinician", sensitive),
        practitioner("social-worker", "Sol Worker", social, Role.OVERRIDE),
        CastMember(
            "management",
            "Morgan Manager",
            (Role.MANAGEMENT,),
            f"{managed_name} ContactPoint management team",
            None,
            managed,
        ),
        CastMember(
            "shield-officer",
            "Shay Shield",
            (Role.SHIELD_OFFICER,),
            f"{managed_name} ContactPoint management team",
            None,
            managed,
        ),
        # The second officer a shield needs: the one who placed it may not confirm it.
        CastMember(
            "shield-officer-2",
            "Sam Shield",
            (Role.SHIELD_OFFICER,),
            f"{managed_name} ContactPoint management team",
            None,
            managed,
        ),
        CastMember(
            "helpdesk", "Hal Helpdesk", (Role.HELPDESK,), "ContactPoint Helpdesk", None, None
        ),
        CastMember(
            "administrator",
            "Ada Administrator",
            (Role.ADMINISTRATOR,),
            "ContactPoint Administration",
            None,
            None,
        ),
    ]


# Training PINs are fixed and printed in the README: trainers and the helpdesk hand them
# out, and they open only SoftHSM tokens of synthetic users on a training directory.
TRAINING_PINS = {
    "teacher": "111111",
    "health-visitor": "222222",
    "sensitive-service": "333333",
    "social-worker": "444444",
    "management": "555555",
    "shield-officer": "666666",
    "helpdesk": "777777",
    "administrator": "888888",
    "shield-officer-2": "999999",
}


def enrol(
    engine: Engine, home: SoftHSMHome, ca: TrainingCA, member: CastMember, now: dt.datetime
) -> TrainingUser:
    """Provision the member's token (auth and key-management keys, certificate from the
    training CA) and enrol the user with that certificate."""
    token = provision_token(
        home,
        ca,
        member.label,
        user_name=member.name,
        organisation=member.organisation,
        user_pin=TRAINING_PINS.get(member.label),
        layout=member.card,
    )
    add_user(
        engine,
        name=member.name,
        organisation_name=member.organisation,
        roles=[role.value for role in member.roles],
        local_authority=member.local_authority,
        certificate_der=token.certificate_der,
        password=None,
        trusted=load_trusted_cas([str(ca.certificate_path)]),
        now=now,
        actor=ACTOR,
        organisation_id=member.organisation_id,
    )
    return TrainingUser(member, token)
