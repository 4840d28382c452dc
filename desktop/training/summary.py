"""What `training prepare` prints for the trainer: where to connect, who can log in, and
the scenario children to find. Training PINs are printed by design (they are not secrets);
nothing about any other child is."""

from __future__ import annotations

from desktop.training.prepare import Prepared


def summary(prepared: Prepared) -> str:
    home = prepared.layout.home
    lines = [
        f"Training home ready: {home}",
        f"Directory: {prepared.directory_url}  (start it with: contactpoint training serve "
        f"--home {home})",
        f"Client policy: {prepared.layout.policy}",
        "",
        "Users (token label, PIN, roles, name, organisation):",
    ]
    for user in prepared.users:
        member = user.member
        roles = ",".join(role.value for role in member.roles)
        scope = f" [{member.local_authority}]" if member.local_authority else ""
        card = "  (a PIV-layout card)" if member.card == "piv" else ""
        lines.append(
            f"  {user.token.label:<18} {user.token.user_pin:<8} {roles:<25} "
            f"{member.name} - {member.organisation}{scope}{card}"
        )
    lines += ["", "Scenarios (ContactPoint ID, name, date of birth):"]
    for scenario, child in prepared.scenarios.listing():
        lines.append(
            f"  {scenario:<16} {child.cp_id}  {child.given_name} {child.family_name}  "
            f"{child.date_of_birth.isoformat()}"
        )
    seeded = prepared.worklists
    lines += [
        "",
        "Waiting for the management team and shield officers (references):",
        f"  alert            {seeded.alert}  (the social worker's override of the shielded child)",
        f"  contact request  {seeded.contact_request}  (the teacher's, about the shielded child)",
        f"  shield request   {seeded.shield_request}  (the health visitor's, about team_ordinary)",
        f"  shield review    {seeded.unconfirmed_shield}  (the shielded child's shield, placed by "
        "shield-officer: shield-officer-2 confirms it)",
    ]
    return "\n".join(lines)
