"""The directory's answer about a correlation id, in words a helpdesk reads to a user."""

from __future__ import annotations

from sync.support import SupportLookup, SupportRequest

NONE_LOGGED = (
    "The directory has no request under this id: it never arrived (the network, a proxy, "
    "or the directory was down), or it is older than the 30 days the log keeps."
)


def _one(request: SupportRequest) -> list[str]:
    outcome = "answered" if request.error is None else f"refused: {request.error}"
    who = request.organisation or "no session"
    roles = ", ".join(request.roles) or "none"
    when = request.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return [
        f"{when}  {request.method} {request.route}",
        f"  status    {request.status} ({outcome})",
        f"  took      {request.duration_ms:.0f} ms",
        f"  user      {who}; roles: {roles}",
        f"  worker    {request.worker}",
    ]


def support_text(lookup: SupportLookup) -> str:
    lines = [f"Correlation id {lookup.correlation_id}"]
    if not lookup.requests:
        return "\n".join([*lines, NONE_LOGGED]) + "\n"
    for request in lookup.requests:
        lines += ["", *_one(request)]
    return "\n".join(lines) + "\n"
