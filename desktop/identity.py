"""Who is signed in and what state the directory is in: what every screen shows.

Plain values built from the directory's answers; the ui shows them as they are. Rights
shown here only decide what the client offers: the directory enforces every rule.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLE_LABELS = {
    "practitioner": "Practitioner",
    "override": "Practitioner (shield override)",
    "management": "Management team",
    "shield_officer": "Shield officer",
    "helpdesk": "Helpdesk",
    "administrator": "Administrator",
}
CHILD_READERS = frozenset({"practitioner", "override", "management", "shield_officer"})


@dataclass(frozen=True, slots=True)
class SignedInUser:
    name: str
    organisation: str | None
    roles: tuple[str, ...]
    local_authority: str | None

    @property
    def role_label(self) -> str:
        # The override right is held by practitioners: say it once, not "Practitioner,
        # Practitioner (shield override)".
        roles = [r for r in self.roles if not (r == "practitioner" and "override" in self.roles)]
        return ", ".join(ROLE_LABELS.get(role, role) for role in roles) or "No role"

    @property
    def may_override(self) -> bool:
        return "override" in self.roles

    @property
    def reads_children(self) -> bool:
        return bool(CHILD_READERS.intersection(self.roles))

    @property
    def records_involvements(self) -> bool:
        return "practitioner" in self.roles or "override" in self.roles

    @property
    def manages(self) -> bool:
        """A member of an authority's ContactPoint management team."""
        return "management" in self.roles

    @property
    def works_shields(self) -> bool:
        """The management team or a shield officer: has the workspace's worklists."""
        return self.manages or "shield_officer" in self.roles


@dataclass(frozen=True, slots=True)
class DirectoryStatus:
    """Online, or unreachable with a reason a practitioner can read."""

    online: bool
    reason: str | None = None

    @property
    def label(self) -> str:
        if self.online:
            return "Directory: online"
        return f"Directory unreachable: {self.reason or 'no answer'}"


ONLINE = DirectoryStatus(online=True)
