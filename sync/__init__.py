"""The directory client (httpx), wire models and the encrypted, expiring cache (issues 4-5).

    client = DirectoryClient("https://directory.example.org:8443", verify="/etc/cp/ca.pem")
    session = client.login(token)            # token: any Signer, e.g. smartcard.Token
    result = client.search({"family_name": ..., "date_of_birth": ...}, "fuzzy")
    record = client.child(result.matches[0].cp_id)
    once = client.override(token, cp_id, reason_code, justification)   # never cached
    kept = client.cacheable(cached_ids)      # which cached records may stay; drop the rest
    reasons = client.override_reasons()      # the published list and the justification rule
    client.add_involvement(cp_id, body);  client.cease_involvement(cp_id, id, date)
    client.request_contact(cp_id, message);  client.request_shield(cp_id, category, note)
    client.health()                          # GET /healthz, no session; for the offline probe
    client.sign_out()                        # or sign_out(session): end an earlier one

The base URL is signed into every login as the origin: it must be the directory's
configured origin exactly (contract.messages). Every failure is a SyncError; sync.errors
draws the hierarchy.
"""

from __future__ import annotations

import logging

from sync.client import DirectoryClient, Mode, Signer
from sync.errors import (
    BadRequest,
    DirectoryRefused,
    DirectoryUnreachable,
    Forbidden,
    MalformedResponse,
    NotFoundOrHidden,
    NotSignedIn,
    SyncError,
    TooMany,
)
from sync.models import (
    Challenge,
    Match,
    OverrideReasonItem,
    OverrideReasons,
    OverrideResult,
    SearchResult,
    Session,
    User,
)

# httpx logs every request at INFO with its full URL, and a child's URL holds the child's
# ContactPoint ID; httpcore's DEBUG trace carries the same. No personal data in logs
# (DESIGN.md 4), so they only ever speak about warnings, whatever the root level.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

__all__ = [
    "BadRequest",
    "Challenge",
    "DirectoryClient",
    "DirectoryRefused",
    "DirectoryUnreachable",
    "Forbidden",
    "MalformedResponse",
    "Match",
    "Mode",
    "NotFoundOrHidden",
    "NotSignedIn",
    "OverrideReasonItem",
    "OverrideReasons",
    "OverrideResult",
    "SearchResult",
    "Session",
    "Signer",
    "SyncError",
    "TooMany",
    "User",
]
