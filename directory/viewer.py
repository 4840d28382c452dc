"""Who is looking: roles (DESIGN.md 3.2) and the context of one request."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    OVERRIDE = "override"  # a practitioner who may override a shield after justification
    MANAGEMENT = "management"  # ContactPoint management team of one local authority
    SHIELD_OFFICER = "shield_officer"
    HELPDESK = "helpdesk"  # never sees any child's record
    ADMINISTRATOR = "administrator"  # users, certificates, roles; no child records


# Roles that may look children up at all. Helpdesk and administrators may not.
CHILD_READERS = frozenset({Role.PRACTITIONER, Role.OVERRIDE, Role.MANAGEMENT, Role.SHIELD_OFFICER})


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: str
    roles: frozenset[Role]
    organisation_id: int | None = None
    local_authority: str | None = None
    # The organisation's name as enrolled: what the helpdesk sees of who asked (issue 13).
    organisation_name: str | None = None
    # The ContactPoint ID of the one record this request overrides a shield for, set only
    # by the override endpoint after a justification and a fresh token signature.
    override_for: str | None = None

    @property
    def reads_children(self) -> bool:
        return bool(self.roles & CHILD_READERS)

    def manages(self, authority: str) -> bool:
        """True for the management team of the child's responsible authority."""
        return Role.MANAGEMENT in self.roles and self.local_authority == authority

    def overrides(self, cp_id: str) -> bool:
        return Role.OVERRIDE in self.roles and self.override_for == cp_id
