"""The ContactPoint central directory: the front door of the `directory` package.

Callers use these names; the modules behind them are the implementation.
"""

from __future__ import annotations

from contract.levels import Level
from directory.criteria import Criteria, Mode
from directory.database import connect, migrate
from directory.errors import (
    AuditFailure,
    Conflict,
    DirectoryError,
    InvalidCriteria,
    InvalidIdentifier,
    NotAllowed,
    NotFound,
    PolicyViolation,
)
from directory.projection import ChildView, project
from directory.search import Match, SearchResult
from directory.service import Directory
from directory.usage_limits import UsageLimits
from directory.viewer import Role, Viewer

__all__ = [
    "AuditFailure",
    "ChildView",
    "Conflict",
    "Criteria",
    "Directory",
    "DirectoryError",
    "InvalidCriteria",
    "InvalidIdentifier",
    "Level",
    "Match",
    "Mode",
    "NotAllowed",
    "NotFound",
    "PolicyViolation",
    "Role",
    "SearchResult",
    "UsageLimits",
    "Viewer",
    "connect",
    "migrate",
    "project",
]
